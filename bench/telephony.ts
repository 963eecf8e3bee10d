// Phone-call latency and the cost of LiveKit SIP, end to end: the whole stack (app, jobs,
// worker, LiveKit with Redis, LiveKit SIP) with zero-latency provider fakes, and sipp as the
// phone, whose audio the benchmark holds (tests/telephony/rtp.ts) so it sees the agent's
// first packet with energy. Not a test: it prints figures and asserts nothing.
//
//   npm run bench:telephony -- [--calls 5] [--max-seconds 600]
//
// Per call, one after the other:
//   inbound:  sipp calls a registered number; INVITE -> 200 OK (sipp's message log), then
//             200 OK -> first RTP packet at the phone above the speech level (the greeting);
//             the phone hangs up 3 s after the answer.
//   outbound: POST /calls/outbound; the request -> the INVITE at the phone, the phone rings
//             500 ms and answers, 200 OK -> the greeting's first loud packet; the phone hangs up
//             3 s after the answer.
//   livekit-sip: CPU time (utime + stime from /proc/<pid>/stat) spent from the call's start to
//             the end of its Call row, and its resident memory (VmRSS from /proc/<pid>/status).
// Target: first agent audio <= 500 ms p95 after the 200 OK.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { machineSummary, ms, percentile, table } from "./lib/stats";
import { PhoneMedia } from "../tests/telephony/rtp";
import { freeUdpBlock, runSipp, type SippRun } from "../tests/telephony/sipp";
import { answeredMedia, endedCall, offeredMedia, SPEECH_LEVEL, startCallee, startTelephonyWorld, type TelephonyWorld } from "../tests/telephony/telephony-stack";

const TARGET_MS = 500;
const HOLD_MS = 3_000;
const FIRST_MESSAGE = "Hello, thank you for calling.";
const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface CallFigures {
  direction: "inbound" | "outbound";
  /** INVITE sent (inbound) or received (outbound) -> 200 OK, from sipp's message log. */
  inviteToOk: number;
  /** Outbound only: the API request -> the INVITE at the phone. */
  requestToInvite?: number;
  okToFirstAudio: number;
  sipCpuMs: number;
  sipRssKiB: number;
}

/** sipp's message log: each message's time and first line. */
function sipTimeline(messageFile: string): { at: number; firstLine: string; direction: "sent" | "received" }[] {
  const log = readFileSync(messageFile, "utf8");
  const entries = log.split(/^-{10,} /m).slice(1);
  return entries.flatMap((entry) => {
    const stamp = entry.match(/^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})\d*/);
    const kind = entry.match(/message (sent|received)/);
    const firstLine = entry.split("\n").map((l) => l.trim()).find((l) => /^(SIP\/2\.0 \d{3}|[A-Z]+ sip:)/.test(l));
    // sipp writes local time.
    return stamp && kind && firstLine ? [{ at: new Date(`${stamp[1]}T${stamp[2]}`).getTime(), firstLine, direction: kind[1] as "sent" | "received" }] : [];
  });
}

function inviteAndOk(messageFile: string): { inviteAt: number; okAt: number } {
  const timeline = sipTimeline(messageFile);
  const invite = timeline.find((m) => m.firstLine.startsWith("INVITE "));
  const ok = timeline.find((m) => m.firstLine.startsWith("SIP/2.0 200") && m.at >= (invite?.at ?? 0));
  if (!invite || !ok) throw new Error("no INVITE and 200 OK in the sipp log");
  return { inviteAt: invite.at, okAt: ok.at };
}

function sipProcess(pid: number): { cpuMs: number; rssKiB: number } {
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return { cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND, rssKiB: Number(rss?.[1] ?? Number.NaN) };
}

/** Runs one call: CPU before, the call, its first loud packet at the phone, and the phone's end. */
async function measure(pid: number, media: PhoneMedia, run: () => Promise<{ sipp: SippRun; callId: string }>) {
  const before = sipProcess(pid);
  const started = await run();
  const firstAudioAt = await withTimeout(media.waitForSpeech({ since: 0, level: SPEECH_LEVEL, count: 1 }), 30_000, "the first agent audio");
  const result = await started.sipp.done;
  if (result.code !== 0) throw new Error(`sipp exited ${result.code}: ${result.output.slice(-300)}`);
  return { started, firstAudioAt, before, sipp: started.sipp };
}

async function inboundCall(world: TelephonyWorld, pid: number, number: { id: string; phone_number: string }): Promise<CallFigures> {
  const media = await PhoneMedia.open(await freeUdpBlock());
  try {
    const { firstAudioAt, before, sipp } = await measure(pid, media, async () => {
      const sipp = await runSipp({
        scenario: "caller-media.xml",
        target: world.stack.sipAddress!,
        service: number.phone_number,
        keys: { caller: "+31612340000", phone_media_port: media.port },
        pauseMs: HOLD_MS,
        audioDir: world.dir,
        logDir: `${world.dir}/sipp`,
        name: "bench-inbound",
        timeoutSeconds: 60,
      });
      media.connect(await answeredMedia(sipp.messageFile, 20_000));
      return { sipp, callId: "" };
    });
    const { inviteAt, okAt } = inviteAndOk(sipp.messageFile);
    const call = await world.db.call.findFirst({ where: { numberId: number.id }, orderBy: { createdAt: "desc" } });
    if (call) await endedCall(world, call.id, 30_000);
    const after = sipProcess(pid);
    return { direction: "inbound", inviteToOk: okAt - inviteAt, okToFirstAudio: firstAudioAt - okAt, sipCpuMs: after.cpuMs - before.cpuMs, sipRssKiB: after.rssKiB };
  } finally {
    media.close();
  }
}

async function outboundCall(world: TelephonyWorld, pid: number, index: number): Promise<CallFigures> {
  const media = await PhoneMedia.open(await freeUdpBlock());
  try {
    let requestedAt = 0;
    const { firstAudioAt, before, sipp, started } = await measure(pid, media, async () => {
      const { phone, number } = await startCallee(world, "callee-media.xml", { media, pauseMs: HOLD_MS, timeoutSeconds: 60, numberPrefix: "+3120999" });
      requestedAt = Date.now();
      const res = await world.api("POST", "/calls/outbound", { assistant_id: world.assistantId, destination: `+3161234${String(index).padStart(4, "0")}`, number_id: number.id });
      if (res.status !== 201) throw new Error(`POST /calls/outbound answered ${res.status}: ${JSON.stringify(res.body)}`);
      media.connect(await offeredMedia(phone.messageFile, 20_000));
      return { sipp: phone, callId: res.body.call_id as string };
    });
    const { inviteAt, okAt } = inviteAndOk(sipp.messageFile);
    await endedCall(world, started.callId, 30_000);
    const after = sipProcess(pid);
    return {
      direction: "outbound",
      inviteToOk: okAt - inviteAt,
      requestToInvite: inviteAt - requestedAt,
      okToFirstAudio: firstAudioAt - okAt,
      sipCpuMs: after.cpuMs - before.cpuMs,
      sipRssKiB: after.rssKiB,
    };
  } finally {
    media.close();
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs)))]).finally(() => clearTimeout(timer));
}

function rows(results: CallFigures[]): string[][] {
  const stat = (name: string, values: number[], unit: (n: number) => string = ms) =>
    values.length ? [name, String(values.length), unit(percentile(values, 50)), unit(percentile(values, 95)), unit(Math.max(...values))] : [name, "0", "n/a", "n/a", "n/a"];
  const out: string[][] = [];
  for (const direction of ["inbound", "outbound"] as const) {
    const of = results.filter((r) => r.direction === direction);
    if (direction === "outbound") out.push(stat("outbound: API request -> INVITE at the phone", of.map((r) => r.requestToInvite ?? Number.NaN)));
    out.push(stat(`${direction}: INVITE -> 200 OK`, of.map((r) => r.inviteToOk)));
    out.push(stat(`${direction}: 200 OK -> first agent audio`, of.map((r) => r.okToFirstAudio)));
    out.push(stat(`${direction}: livekit-sip CPU per call`, of.map((r) => r.sipCpuMs)));
  }
  return out;
}

async function main() {
  const { values } = parseArgs({ options: { calls: { type: "string", default: "5" }, "max-seconds": { type: "string", default: "600" } } });
  const calls = Math.min(20, Math.max(1, Number(values.calls) || 5));
  const deadline = Date.now() + Math.max(60, Number(values["max-seconds"]) || 600) * 1000;
  console.log(`Starting the stack (app, jobs, worker, LiveKit, LiveKit SIP)…`);
  const world = await startTelephonyWorld({ firstMessage: FIRST_MESSAGE, heard: "Thanks.", reply: "You are welcome.", systemPrompt: "You answer the phone.", rtpPortCount: 4 * calls + 10 });
  const results: CallFigures[] = [];
  try {
    const pid = world.stack.sipPid;
    if (!pid) throw new Error("LiveKit SIP is not running");
    const number = await world.telephony.createPhoneNumber({ organizationId: world.org.id }, { phone_number: "+31201110000", assistant_id: world.assistantId } as never);
    const idle = sipProcess(pid);
    console.log(`Running ${calls} inbound and ${calls} outbound calls, one at a time; livekit-sip idle RSS ${(idle.rssKiB / 1024).toFixed(1)} MiB`);
    for (const direction of ["inbound", "outbound"] as const) {
      for (let i = 0; i < calls; i++) {
        if (Date.now() > deadline) {
          console.log(`time is up (--max-seconds): stopping after ${results.length} calls`);
          break;
        }
        try {
          const r = direction === "inbound" ? await inboundCall(world, pid, number) : await outboundCall(world, pid, i);
          results.push(r);
          console.log(
            `${direction} ${i + 1}: INVITE -> 200 OK ${ms(r.inviteToOk)}, 200 OK -> first agent audio ${ms(r.okToFirstAudio)}, livekit-sip ${ms(r.sipCpuMs)} CPU, RSS ${(r.sipRssKiB / 1024).toFixed(1)} MiB`,
          );
        } catch (error) {
          console.log(`${direction} ${i + 1}: failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    console.log("");
    console.log(machineSummary());
    console.log(table(["figure", "n", "p50", "p95", "max"], rows(results)));
    const rss = results.map((r) => r.sipRssKiB);
    if (rss.length) console.log(`livekit-sip RSS: idle ${(idle.rssKiB / 1024).toFixed(1)} MiB, after the calls ${(Math.max(...rss) / 1024).toFixed(1)} MiB at most`);
    const firstAudio = results.map((r) => r.okToFirstAudio);
    const p95 = percentile(firstAudio, 95);
    console.log(`target: first agent audio <= ${TARGET_MS} ms p95 after the 200 OK: ${Number.isFinite(p95) ? `${p95 <= TARGET_MS ? "met" : "NOT met"} (p95 ${ms(p95)} over ${firstAudio.length} calls)` : "no calls measured"}`);
  } finally {
    await world.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
