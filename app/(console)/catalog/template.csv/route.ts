import { requireStaff } from "@/lib/auth/guards";
import { productCsvTemplate } from "@/lib/services/catalog";

// GET /catalog/template.csv – a product import file to start from
export async function GET(): Promise<Response> {
  await requireStaff();
  return new Response(productCsvTemplate(), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="products-template.csv"',
      "cache-control": "no-store",
    },
  });
}
