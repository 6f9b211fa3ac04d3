"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/guards";
import { field, runAction, type ActionState } from "@/lib/actions";
import { changePassword, signOutEverywhere } from "@/lib/services/account";
import { inviteStaff, removeStaff } from "@/lib/services/staff";
import { createApiToken, revokeApiToken } from "@/lib/services/tokens";
import { retryJob } from "@/lib/services/jobs/failed";
import { AppError } from "@/lib/errors";
import type { TokenScope } from "@/db/schema/enums";

export async function changePasswordAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  const result = await runAction(formData, async () => {
    if (formData.get("newPassword") !== formData.get("confirm")) {
      throw new AppError("validation_failed", "The new passwords do not match", { details: [{ path: "confirm", message: "does not match the new password" }] });
    }
    await changePassword({ ctx, input: { currentPassword: String(formData.get("currentPassword") ?? ""), newPassword: String(formData.get("newPassword") ?? "") } });
  });
  if (result.status === "error") return result;
  redirect("/sign-in");
}

export async function signOutEverywhereAction(): Promise<void> {
  const ctx = await requireStaff();
  await signOutEverywhere({ ctx });
  redirect("/sign-in");
}

export async function inviteStaffAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(formData, async () => {
    const staff = await inviteStaff({
      ctx,
      input: { email: field(formData, "email") ?? "", name: field(formData, "name") ?? "", role: (field(formData, "role") ?? "operator") as "admin" | "operator" },
    });
    revalidatePath("/settings/staff");
    return { status: "success", message: `Invitation sent to ${staff.email}.` };
  });
}

export async function removeStaffAction(formData: FormData): Promise<void> {
  const ctx = await requireStaff();
  await removeStaff({ ctx, userId: String(formData.get("userId") ?? "") });
  revalidatePath("/settings/staff");
}

export async function createTokenAction(_state: ActionState, formData: FormData): Promise<ActionState> {
  const ctx = await requireStaff();
  return runAction(formData, async () => {
    const token = await createApiToken({ ctx, input: { name: field(formData, "name") ?? "", scope: (field(formData, "scope") ?? "operator") as TokenScope } });
    revalidatePath("/settings/tokens");
    return { status: "success", result: { token: token.token, name: token.name } };
  });
}

export async function revokeTokenAction(formData: FormData): Promise<void> {
  const ctx = await requireStaff();
  await revokeApiToken({ ctx, tokenId: String(formData.get("tokenId") ?? "") });
  revalidatePath("/settings/tokens");
}

export async function retryJobAction(formData: FormData): Promise<void> {
  const ctx = await requireStaff();
  await retryJob({ ctx, jobId: String(formData.get("jobId") ?? "") });
  revalidatePath("/settings/jobs");
}
