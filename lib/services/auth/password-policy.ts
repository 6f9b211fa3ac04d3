import { z } from "zod";

// ASVS 6.2: at least 8 characters (15 suggested), 64+ allowed, no composition rules, and not a
// well-known password.
const common = new Set(
  `password password1 password12 password123 passw0rd 12345678 123456789 1234567890 qwertyuiop qwerty123
  iloveyou11 sunshine1 princess1 football1 baseball1 welcome1 welcome123 admin123 administrator letmein1
  11111111 00000000 abc12345 abcd1234 1q2w3e4r 1qaz2wsx zaq12wsx trustno1 dragon123 monkey123 changeme
  changeme123 inkbridge inkbridge1 qwertyui asdfghjk zxcvbnm1 superman1 starwars1 whatever1 computer1
  michael1 shadow12 master12 jennifer1 jordan23 hunter12 ashley12 summer2024 summer2025 summer2026
  winter2025 winter2026 spring2026 autumn2026 p@ssw0rd p@ssword passpass 87654321 987654321 12341234
  qazwsxedc 123qweasd q1w2e3r4 access14 letmein123 freedom1 mustang1 secret123 loveme12 hello123`
    .split(/\s+/)
    .filter(Boolean),
);

export const newPasswordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(256, "must be at most 256 characters")
  .refine((value) => !common.has(value.toLowerCase()), { message: "is too common; choose another" })
  .refine((value) => new Set(value).size >= 4, { message: "is too simple; use more different characters" });
