// Personal data in a shop's delivery: whole objects that describe a person or an address, and
// fields that name, reach or locate one wherever they appear. Product data stays readable.
const personObject = /address|customer|billing|shipping|buyer|recipient|contact|destination/i;
const personField = /^(first_?name|last_?name|full_?name|email|e_?mail|phone|address\d?|address_line_?\d|street\d?|city|zip|postcode|post_code|postal_code|company|latitude|longitude|name_on_card|browser_ip|note|formatted_address|formatted_area|buyer_email|buyer_user_id|message_from_buyer)$/i;
const emailLike = /[^\s@"]+@[^\s@"]+\.[^\s@"]+/g;

function maskValue(value: unknown, inPerson: boolean, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => maskValue(item, inPerson, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([child, inner]) => [child, maskValue(inner, inPerson || personObject.test(child), child)]));
  }
  if (value === null || value === undefined || typeof value === "boolean") return value;
  if ((inPerson && !/(^|_)(id|country|country_code|province_code|currency)$/i.test(key)) || personField.test(key)) return "•••";
  return typeof value === "string" ? value.replace(emailLike, "•••@•••") : value;
}

/** A raw webhook body as JSON with its personal data replaced by `•••`; a body that is not JSON is withheld. */
export function maskPersonalData(rawBody: string): string {
  try {
    return JSON.stringify(maskValue(JSON.parse(rawBody), false, ""), null, 2);
  } catch {
    return "(not JSON: withheld, it may hold personal data)";
  }
}
