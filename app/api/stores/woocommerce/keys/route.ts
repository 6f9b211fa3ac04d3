import type { NextRequest } from "next/server";
import { NextResponse } from "next/server";
import { getLogger } from "@/lib/log";
import { getDb } from "@/lib/runtime";
import { receiveWooKeys } from "@/lib/services/woocommerce-keys";

export const dynamic = "force-dynamic";

const maxBody = 16 * 1024;

// POST /api/stores/woocommerce/keys – WooCommerce delivers the REST keys of a wc-auth flow; anything but exactly 200 makes it delete them
export async function POST(request: NextRequest): Promise<NextResponse> {
  const text = await request.text();
  let body: unknown = null;
  if (text.length <= maxBody) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = null;
    }
  }
  const receipt = await receiveWooKeys({ db: getDb(), log: getLogger().child({ route: "woocommerce.keys" }), body });
  if (receipt.status !== 200) return NextResponse.json({ error: { code: "bad_request", message: receipt.message } }, { status: 400 });
  return NextResponse.json({ ok: true }, { status: 200 });
}
