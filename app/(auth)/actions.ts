"use server";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeCallback } from "@/lib/auth/safe-callback";
import { getDb } from "@/lib/runtime";
import { field, formValues, runAction, type ActionState } from "@/lib/actions";
import { systemContext } from "@/lib/services/context";
import { requestPasswordReset, setPasswordWithLink } from "@/lib/services/account";
import { homePathFor } from "@/lib/services/auth/home";
import { AppError } from "@/lib/errors";

const refusals: Record<string, string> = {
  invalid_credentials: "The email or password is not correct.",
  disabled: "This account has been disabled. Ask your administrator for access.",
  storefront_disabled: "Storefront access for your company is switched off. Contact your print partner.",
};


const homeFor = (email: string, callbackUrl: string | undefined) => homePathFor(getDb(), email, callbackUrl);

async function signInWith(email: string, password: string): Promise<ActionState | undefined> {
  try {
    await signIn("credentials", { email, password, redirect: false });
    return undefined;
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string; detail?: string }).code ?? "invalid_credentials";
      const detail = (error as { detail?: string }).detail;
      return { status: "error", message: code === "rate_limited" ? (detail ?? "Too many sign-in attempts. Try again later.") : (refusals[code] ?? refusals.invalid_credentials) };
    }
    throw error;
  }
}

export async function signInAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const email = field(formData, "email") ?? "";
  const password = typeof formData.get("password") === "string" ? (formData.get("password") as string) : "";
  if (!email || !password) return { status: "error", message: "Enter your email and password.", values: formValues(formData) };
  const refused = await signInWith(email, password);
  if (refused) return { ...refused, values: formValues(formData) };
  redirect(await homeFor(email, safeCallback(formData.get("callbackUrl"))));
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}

export async function requestResetAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  return runAction(formData, async () => {
    const clientAddress = (await headers()).get("x-inkbridge-client-ip") ?? "unknown";
    await requestPasswordReset({ ctx: systemContext("password-reset"), input: { email: field(formData, "email") ?? "", clientAddress } });
    return { status: "success", message: "If an account exists for that address, a link to reset the password is on its way." };
  });
}

export async function setPasswordAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const token = String(formData.get("token") ?? "");
  const password = String(formData.get("password") ?? "");
  const confirm = String(formData.get("confirm") ?? "");
  let email = "";
  const result = await runAction(formData, async () => {
    if (password !== confirm) {
      throw new AppError("validation_failed", "The two passwords do not match", { details: [{ path: "confirm", message: "does not match the password" }] });
    }
    const user = await setPasswordWithLink({ ctx: systemContext("set-password"), input: { token, password } });
    email = user.email;
  });
  if (result.status === "error") return result;
  const refused = await signInWith(email, password);
  if (refused) redirect("/sign-in");
  redirect(await homeFor(email, undefined));
}
