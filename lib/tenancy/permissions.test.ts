import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, permissionsOfRole, ROLES } from "./permissions";

describe("can", () => {
  it("answers from the role's permissions", () => {
    for (const role of ROLES) {
      for (const permission of PERMISSIONS) expect(can({ role }, permission), `${role} ${permission}`).toBe(permissionsOfRole(role).has(permission));
    }
    expect(can({ role: "member" }, "assistants.read")).toBe(true);
    expect(can({ role: "member" }, "api_keys.write")).toBe(false);
    expect(can({ role: "admin" }, "api_keys.write")).toBe(true);
    expect(can({ role: "read_only" }, "assistants.read")).toBe(true);
    expect(can({ role: "read_only" }, "calls.write")).toBe(false);
    expect(PERMISSIONS.filter((p) => !p.endsWith(".read")).some((p) => can({ role: "read_only" }, p))).toBe(false);
    // The audit log: owners and admins only.
    expect(can({ role: "member" }, "audit_log.read")).toBe(false);
    expect(can({ role: "read_only" }, "audit_log.read")).toBe(false);
    expect(can({ role: "admin" }, "audit_log.read")).toBe(true);
  });

  it("lets nobody do anything without a session", () => {
    expect(can(null, "assistants.read")).toBe(false);
    expect(can(undefined, "assistants.read")).toBe(false);
  });
});
