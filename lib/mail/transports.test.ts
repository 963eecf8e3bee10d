import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { listOutbox, outboxTransport } from "./transports";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("the outbox", () => {
  it("writes each message as a file and lists them newest first", async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "outbox-")), "nested");
    dirs.push(path.dirname(dir));
    expect(await listOutbox(dir)).toEqual([]);
    const transport = outboxTransport(dir, "00000000-0000-4000-8000-000000000001");
    const first = await transport.send({ from: "a@x", to: "one@example.com", subject: "One", text: "1", html: "<p>1</p>" });
    await transport.send({ from: "a@x", to: "two@example.com", subject: "Two", text: "2", html: "<p>2</p>" });
    expect(first.transport).toBe("outbox");
    const listed = await listOutbox(dir);
    expect(listed.map((m) => m.subject)).toEqual(["Two", "One"]);
    expect(listed[1]).toMatchObject({ id: first.id, to: "one@example.com", organization_id: "00000000-0000-4000-8000-000000000001" });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    fs.writeFileSync(path.join(dir, "9999999999999999-broken.json"), "{");
    expect((await listOutbox(dir)).length).toBe(2);
  });
});
