import type { Address } from "@/lib/domain/order";
import { countryCodes } from "@/lib/domain/countries";

// Countries where addresses commonly have no postcode, so a blank one is not an error.
const withoutPostcodes: ReadonlySet<string> = new Set(
  ("AE AG AO AW BF BI BJ BO BS BW BZ CD CF CG CI CK CM DJ DM ER FJ GA GD GH GM GQ GY HK IE KI KM KN KP " +
    "LC LY ML MO MR MW NR NU QA RW SB SC SL SR SS ST SY TD TF TG TK TL TO TT TV UG VU YE ZW").split(" "),
);

const blank = (value: string | undefined | null) => !value || value.trim() === "";

/**
 * A state is not demanded here: the postcode routes US, Canadian and Australian parcels, and Site
 * Flow clients send none. Dialects that require one (Gelato) check it at intake.
 *
 * What a shipping address lacks for a parcel to reach it, as phrases that follow "the shipping
 * address": "has no city". Empty when it is complete.
 */
export function addressProblems(address: Partial<Address>): string[] {
  const problems: string[] = [];
  if (blank(address.firstName) && blank(address.lastName) && blank(address.companyName)) problems.push("has no recipient name");
  if (blank(address.addressLine1)) problems.push("has no street address");
  if (blank(address.city)) problems.push("has no city");
  const country = (address.country ?? "").trim().toUpperCase();
  if (!country) problems.push("has no country");
  else if (!countryCodes.has(country)) problems.push(`has an unknown country “${country}”`);
  if (country && blank(address.postCode) && !withoutPostcodes.has(country)) problems.push("has no postcode");
  return problems;
}
