// The baseline for bench/api.ts: the Prisma queries of GET and POST /api/v1/assistants,
// served by bare node:http — no Next.js, no authentication, no rate limit, no zod parsing
// or serialisation. Runs as its own process so it does not share the load generator's CPU.
// Prints "listening <port>" once ready.
import http from "node:http";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../lib/generated/prisma/client";
import { defaultLlmConfig, defaultSttConfig, defaultTtsConfig } from "../lib/schemas/assistant";

const databaseUrl = process.env.DATABASE_URL ?? "";
const organizationId = process.env.BENCH_ORGANIZATION_ID ?? "";
if (!databaseUrl || !organizationId) throw new Error("DATABASE_URL and BENCH_ORGANIZATION_ID are required");

const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
const where = { organizationId };
// The same include (and, below, the same nested write) as lib/assistants/assistants.ts.
const include = {
  toolTemplates: { include: { toolTemplate: true }, orderBy: [{ toolTemplate: { createdAt: "asc" as const } }, { toolTemplateId: "asc" as const }] },
};

async function handle(req: http.IncomingMessage): Promise<[number, unknown]> {
  if (req.method === "GET") {
    const [rows, total] = await Promise.all([
      db.assistant.findMany({ where, orderBy: { createdAt: "desc" }, take: 100, skip: 0, include }),
      db.assistant.count({ where }),
    ]);
    return [200, { assistants: rows, pagination: { total, limit: 100, offset: 0 } }];
  }
  let raw = "";
  for await (const chunk of req) raw += chunk;
  const body = JSON.parse(raw) as { name: string };
  const row = await db.assistant.create({
    data: {
      organizationId,
      name: body.name,
      sttConfig: defaultSttConfig(),
      llmConfig: defaultLlmConfig() as Prisma.InputJsonValue,
      ttsConfig: defaultTtsConfig(),
      toolTemplates: { create: [] },
    },
    include,
  });
  return [201, { assistant: row }];
}

const server = http.createServer((req, res) => {
  handle(req).then(
    ([status, body]) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    },
    (error: unknown) => {
      console.error(error);
      res.writeHead(500).end();
    },
  );
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : "?"}`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close();
  void db.$disconnect().finally(() => process.exit(0));
});
