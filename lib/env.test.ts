import { mkdtempSync, statSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

const tmp = () => mkdtempSync(path.join(os.tmpdir(), "inkbridge-env-"));

describe("parseEnv", () => {
  it("works with no configuration at all, generating keys into DATA_DIR with mode 600", () => {
    const dir = tmp();
    const env = parseEnv({ DATA_DIR: dir });
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(Buffer.from(env.ENCRYPTION_KEY, "base64")).toHaveLength(32);
    for (const file of ["encryption-key", "auth-secret"]) {
      expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    }
    const again = parseEnv({ DATA_DIR: dir });
    expect(again.ENCRYPTION_KEY).toBe(env.ENCRYPTION_KEY);
    expect(again.AUTH_SECRET).toBe(readFileSync(path.join(dir, "auth-secret"), "utf8").trim());
  });

  it.each([
    ["DATABASE_URL", "mysql://nope"],
    ["ENCRYPTION_KEY", "c2hvcnQ="],
    ["PORT", "seventy"],
    ["APP_URL", "ftp://example.com"],
    ["SMTP_URL", "http://mail"],
    ["WORKER", "maybe"],
    ["CONNECTOR_RATE_LIMIT", "0"],
    ["ENCRYPTION_KEYS_OLD", "c2hvcnQ="],
    ["FILE_FETCH_ALLOW", "files.internal:99999"],
    ["POSTBACK_ALLOW", "erp.internal:http"],
    ["SHOP_FETCH_ALLOW", "bad host"],
    ["METRICS_TOKEN", "short"],
    ["TRUST_PROXY", "true"],
    ["TRUST_PROXY", "0"],
    ["TRUST_PROXY", "10.0.0.0/33"],
    ["TRUST_PROXY", "proxy.internal"],
    ["TRUST_PROXY", "loopback,10.0.0.1/8/9"],
  ])("stops on a bad %s with one line naming it", (name, value) => {
    let error: unknown;
    try {
      parseEnv({ DATA_DIR: tmp(), [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
    expect((error as Error).message).not.toContain("\n");
  });

  it("treats empty strings as unset and trims a trailing slash from APP_URL", () => {
    const env = parseEnv({ DATA_DIR: tmp(), DATABASE_URL: "", APP_URL: "https://print.example.com/" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.APP_URL).toBe("https://print.example.com");
    expect(env.isSecure).toBe(true);
  });

  it("reads TRUST_PROXY as nobody, a hop count, or a list of names, addresses and CIDR ranges", () => {
    expect(parseEnv({ DATA_DIR: tmp() }).TRUST_PROXY).toBeUndefined();
    expect(parseEnv({ DATA_DIR: tmp(), TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ DATA_DIR: tmp(), TRUST_PROXY: "loopback, 10.0.0.0/8,2001:db8::/32 ,192.0.2.7" }).TRUST_PROXY).toEqual([
      "loopback",
      "10.0.0.0/8",
      "2001:db8::/32",
      "192.0.2.7",
    ]);
    expect(() => parseEnv({ DATA_DIR: tmp(), TRUST_PROXY: "10.0.0.0/8,proxy" })).toThrow(/TRUST_PROXY .*not understood: proxy/);
  });
});
