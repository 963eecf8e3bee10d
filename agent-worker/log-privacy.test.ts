import { initializeLogger, log } from "@livekit/agents";
import { pino } from "pino";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { installPiiFilter, withoutPii } from "./log-privacy";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: "debug" }, stream), lines };
}

describe("log privacy", () => {
  it("drops lk.pii.* fields from log calls and child bindings, keeping the rest", () => {
    const { logger, lines } = capture();
    const safe = withoutPii(logger);
    safe.info({ "lk.pii.user_transcript": "my card number is 4242", turn: 3 }, "user turn");
    safe.child({ "lk.pii.room_name": "call-secret", jobId: "AJ_1" }).warn({ "lk.pii.transcript": "hello", ok: true }, "child");
    safe.info("plain message");
    expect(lines[0]).toMatchObject({ msg: "user turn", turn: 3 });
    expect(lines[1]).toMatchObject({ msg: "child", jobId: "AJ_1", ok: true });
    expect(lines[2]).toMatchObject({ msg: "plain message" });
    const text = JSON.stringify(lines);
    expect(text).not.toContain("4242");
    expect(text).not.toContain("call-secret");
    expect(text).not.toContain("hello");
    expect(text).not.toContain("lk.pii");
  });

  it("wraps the framework's process-wide logger, once", () => {
    initializeLogger({ pretty: false, level: "warn" });
    installPiiFilter();
    const first = log();
    installPiiFilter();
    expect(log()).toBe(first);
    expect(log().child({ a: 1 }).level).toBe("warn");
  });
});
