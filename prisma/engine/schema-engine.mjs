#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` binary (PostgreSQL only).
//
// The Prisma CLI downloads its native schema engine on first use, which fails
// without internet access. Pointing PRISMA_SCHEMA_ENGINE_BINARY at this file
// makes the standard commands (`prisma migrate dev|deploy|status|diff|reset`,
// `prisma db push|execute`) run on @prisma/schema-engine-wasm instead, talking
// to PostgreSQL through node-postgres (see pg-adapter.mjs).
//
// It speaks the same protocol as the native binary:
//   schema-engine --version
//   schema-engine --datasource '{"url":...}' cli <can-connect-to-database|create-database|drop-database>
//       exit code 0 on success; on failure JSON log lines on stderr, the first
//       of which the CLI skips, then {"level":"ERROR",...,"fields":{"error_code","message"}}
//   schema-engine [--datamodels <file>]... [--datasource <json>]
//       JSON-RPC 2.0 on stdin/stdout, one message per line; method names are
//       those of the wasm SchemaEngine. Logs go to stderr as JSON lines. The
//       engine sends `print` requests to the CLI for output (migrate diff).
//
// Scripts only set PRISMA_SCHEMA_ENGINE_BINARY when it is unset, so machines
// with the native engine keep using it (scripts/prisma.ts).
import fs from "node:fs";
import readline from "node:readline";
import pg from "pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { MigrationPgAdapterFactory, describeServer, poolConfigFromUrl, quoteIdent } from "./pg-adapter.mjs";
import { loadSchemaEngineWasm, panics } from "./wasm.mjs";

const ERROR_CODE = 4466; // what the native engine uses for user-facing errors
const POSTGRES_ONLY_SCHEMA = 'datasource db {\n  provider = "postgresql"\n}\n';

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const args = { datamodels: [], datasource: undefined, cli: undefined, version: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case "--datamodels":
      case "-d":
        args.datamodels.push(argv[++i]);
        break;
      case "--datasource":
        args.datasource = JSON.parse(argv[++i]);
        break;
      case "--enabled-preview-features":
      case "--extension-types":
        i++; // accepted, not needed for PostgreSQL migrations
        break;
      case "--version":
      case "-V":
        args.version = true;
        break;
      case "--help":
      case "-h":
        args.help = true;
        break;
      case "cli":
        args.cli = argv.slice(i + 1);
        i = argv.length;
        break;
      default:
        throw new Error(`unknown argument: ${arg}`);
    }
  }
  return args;
}

// ---------------------------------------------------------------- logging

function logLine(level, message, extra = {}, target = "schema_engine_offline") {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target })}\n`,
  );
}

// ---------------------------------------------------------------- cli subcommands

/** A user-facing error in the shape the CLI expects (code + message). */
class KnownError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function knownConnectError(error, url) {
  const { host, port, database } = describeServer(url);
  const user = (() => {
    try {
      return decodeURIComponent(new URL(url).username);
    } catch {
      return "?";
    }
  })();
  switch (error?.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
      return new KnownError(
        "P1001",
        `Can't reach database server at \`${host}:${port}\`\n\nPlease make sure your database server is running at \`${host}:${port}\`.`,
      );
    case "3D000":
      return new KnownError("P1003", `Database \`${database}\` does not exist on the database server at \`${host}:${port}\`.`);
    case "28P01":
      return new KnownError(
        "P1000",
        `Authentication failed against database server, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${host}:${port}\`.`,
      );
    case "28000":
    case "42501":
      return new KnownError("P1010", `User \`${user}\` was denied access on the database \`${database}\``);
    case "42P04":
      return new KnownError("P1009", `Database \`${database}\` already exists on the database server at \`${host}:${port}\``);
    default:
      if (/timeout/i.test(error?.message ?? "")) {
        return new KnownError("P1002", `The database server at \`${host}:${port}\` was reached but timed out.`);
      }
      return error;
  }
}

async function withClient(url, fn) {
  const client = new pg.Client(poolConfigFromUrl(url).config);
  try {
    await client.connect();
  } catch (error) {
    throw knownConnectError(error, url);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Run `fn` against the server's maintenance database (postgres, else template1). */
async function withMaintenanceClient(url, fn) {
  const toDb = (name) => {
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };
  try {
    return await withClient(toDb("postgres"), fn);
  } catch (error) {
    if (error instanceof KnownError && error.code === "P1003") return withClient(toDb("template1"), fn);
    throw error;
  }
}

async function createDatabase(url) {
  const { database } = describeServer(url);
  try {
    await withMaintenanceClient(url, (client) => client.query(`CREATE DATABASE ${quoteIdent(database)}`));
  } catch (error) {
    throw knownConnectError(error, url);
  }
  return database;
}

async function dropDatabase(url) {
  const { database } = describeServer(url);
  await withMaintenanceClient(url, (client) => client.query(`DROP DATABASE ${quoteIdent(database)}`));
  return database;
}

async function runCliCommand(command, datasource) {
  const url = datasource?.url;
  // The CLI discards the first stderr line of these commands.
  logLine("INFO", `Starting schema engine CLI command ${command}`);
  try {
    if (!url) throw new Error("No datasource url given (--datasource)");
    switch (command) {
      case "can-connect-to-database":
        await withClient(url, (client) => client.query("SELECT 1"));
        break;
      case "create-database": {
        const name = await createDatabase(url);
        process.stdout.write(`Database '${name}' was successfully created.\n`);
        break;
      }
      case "drop-database": {
        const name = await dropDatabase(url);
        process.stdout.write(`The database '${name}' was successfully dropped.\n`);
        break;
      }
      default:
        throw new Error(`Unknown cli command: ${command}`);
    }
    return 0;
  } catch (error) {
    const known = knownConnectError(error, url ?? "");
    const fields = { message: String(known?.message ?? known) };
    if (known instanceof KnownError) fields.error_code = known.code;
    process.stderr.write(
      `${JSON.stringify({ timestamp: new Date().toISOString(), level: "ERROR", fields, target: "schema_engine::logger" })}\n`,
    );
    return 1;
  }
}

// ---------------------------------------------------------------- JSON-RPC server

function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Drop the wasm engine's span trace ("   0: module::path ... at file.rs:N") from a message. */
function withoutSpanTrace(message) {
  const lines = message.split("\n");
  const start = lines.findIndex((line) => /^\s*0: [\w:]+/.test(line));
  return (start === -1 ? lines : lines.slice(0, start)).join("\n").trimEnd();
}

/**
 * The wasm engine reports a failed migration script as a generic connector
 * error; give it the wording and code (P3018) of the native engine.
 */
function describeFailedMigration(method, error) {
  const message = String(error?.message ?? "");
  if (method !== "applyMigrations" || error?.code) return null;
  const name = /with migration_name="([^"]+)"/.exec(message)?.[1];
  const dbError = /Error querying the database: ([\s\S]*?)\n\s*0: /.exec(message)?.[1];
  if (!name || !dbError) return null;
  return Object.assign(
    new Error(
      "A migration failed to apply. New migrations cannot be applied before the error is recovered from. " +
        "Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\n" +
        `Migration name: ${name}\n\nDatabase error:\n${dbError.trim()}`,
    ),
    { code: "P3018" },
  );
}

function errorResponse(id, error) {
  const isPanic = error instanceof WebAssembly.RuntimeError || error?.isPanic === true;
  const message = isPanic ? (panics.last ?? String(error?.message ?? error)) : withoutSpanTrace(String(error?.message ?? error));
  const data = { is_panic: isPanic, message, meta: error?.meta ?? {} };
  if (typeof error?.code === "string" && /^P\d{4}$/.test(error.code)) data.error_code = error.code;
  if (isPanic) data.error = { message };
  return { jsonrpc: "2.0", id, error: { code: ERROR_CODE, message: "An error happened. Check the data field for details.", data } };
}

async function serve(args) {
  const datasource = args.datasource ?? { url: "" };
  const datamodels = args.datamodels.map((file) => [file, fs.readFileSync(file, "utf8")]);
  if (datamodels.length === 0) datamodels.push(["schema.prisma", POSTGRES_ONLY_SCHEMA]);

  const factory = new MigrationPgAdapterFactory({ url: datasource.url, shadowDatabaseUrl: datasource.shadowDatabaseUrl });
  const { SchemaEngine } = await loadSchemaEngineWasm();
  let engine;
  // The wasm engine only picks up the shadow database factory for
  // createMigration/evaluateDataLoss once an earlier call in the same instance
  // used the shadow database (devDiagnostic, or diagnoseMigrationHistory with
  // optInToShadowDatabase); otherwise they fail with "PostgreSQL shadow DB must
  // be provided through an external factory". `migrate dev` always calls
  // devDiagnostic first; other callers get the diagnosis done for them.
  let shadowPrimed = false;

  const onLog = (line) => {
    const text = String(line).replace(/\n+$/, "");
    if (text) process.stderr.write(`${text}\n`);
  };

  const boundFactory = bindMigrationAwareSqlAdapterFactory(factory);
  async function getEngine() {
    engine ??= await SchemaEngine.new({ datamodels }, onLog, boundFactory);
    return engine;
  }

  // JavaScript exceptions thrown inside the adapter reach the engine as
  // "External error id#N"; put the original message back.
  function explain(error) {
    const message = String(error?.message ?? "");
    if (!/External error id#\d+/.test(message)) return error;
    const detailed = message.replace(/External error id#(\d+)/g, (text, id) => {
      const original = boundFactory.errorRegistry.consumeError(Number(id))?.error;
      return original ? `${text}: ${original?.stack ?? original}` : text;
    });
    return Object.assign(new Error(detailed), { code: error.code });
  }

  // Requests the engine sends to the CLI (print), awaiting the CLI's reply.
  let nextOutgoingId = 1;
  const outgoing = new Map();
  function requestCli(method, params) {
    const id = `engine-${nextOutgoingId++}`;
    return new Promise((resolve, reject) => {
      outgoing.set(id, { resolve, reject });
      send({ jsonrpc: "2.0", id, method, params });
    });
  }

  const ALIASES = { getDatabaseVersion: "version" };
  const NOT_RPC = new Set(["constructor", "free", "new"]);

  async function call(method, params) {
    if (method === "createDatabase") {
      const url = params?.datasource?.url ?? datasource.url;
      return { databaseName: await createDatabase(url) };
    }
    const name = ALIASES[method] ?? method;
    const instance = await getEngine();
    if (NOT_RPC.has(name) || typeof instance[name] !== "function") {
      const error = new Error(`Method not found: ${method}`);
      error.rpcCode = -32601;
      throw error;
    }
    if ((name === "createMigration" || name === "evaluateDataLoss") && !shadowPrimed && params?.migrationsList) {
      await instance.diagnoseMigrationHistory({
        migrationsList: params.migrationsList,
        optInToShadowDatabase: true,
        filters: params.filters ?? { externalTables: [], externalEnums: [] },
      });
      shadowPrimed = true;
    }
    const result = await instance[name](params ?? undefined);
    if (name === "devDiagnostic" || (name === "diagnoseMigrationHistory" && params?.optInToShadowDatabase)) shadowPrimed = true;
    if (name === "diff") {
      // The native engine prints the diff through the CLI, not in the result.
      if (result?.stdout != null) await requestCli("print", { content: result.stdout });
      return { exitCode: result?.exitCode ?? 0 };
    }
    return result === undefined ? {} : result;
  }

  let current = null; // id of the request being handled
  let chain = Promise.resolve();
  let exiting = false;

  async function shutdown(code) {
    if (exiting) return;
    exiting = true;
    const timer = setTimeout(() => process.exit(code), 5000);
    timer.unref();
    try {
      await factory.close();
    } finally {
      process.exit(code);
    }
  }

  function crash(error) {
    // Never exit with a request unanswered: the CLI would treat it as success.
    if (current !== null) {
      send(errorResponse(current, { isPanic: true, message: String(error?.message ?? error) }));
      current = null;
    } else {
      logLine("ERROR", String(error?.stack ?? error));
    }
    void shutdown(101);
  }
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  process.on("SIGTERM", () => void shutdown(current === null ? 0 : 1));
  process.on("SIGINT", () => void shutdown(current === null ? 0 : 1));

  async function handleRequest(message) {
    const { id, method, params } = message;
    current = id ?? null;
    let response;
    try {
      const result = await call(method, params);
      response = { jsonrpc: "2.0", id, result };
    } catch (error) {
      response =
        error?.rpcCode !== undefined
          ? { jsonrpc: "2.0", id, error: { code: error.rpcCode, message: error.message } }
          : errorResponse(id, describeFailedMigration(method, error) ?? explain(error));
    }
    // Drop temporary shadow databases before answering: the CLI stops the
    // engine as soon as it has its last answer.
    await factory.dropShadowDatabases();
    if (id !== undefined && id !== null) send(response);
    current = null;
    if (response.error?.data?.is_panic) await shutdown(101); // the wasm instance is unusable now
  }

  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on("line", (line) => {
    if (!line.trim()) return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (message.method === undefined && message.id !== undefined && outgoing.has(message.id)) {
      const pending = outgoing.get(message.id);
      outgoing.delete(message.id);
      if (message.error) pending.reject(new Error(message.error.message));
      else pending.resolve(message.result);
      return;
    }
    chain = chain.then(() => handleRequest(message));
  });
  input.on("close", () => {
    chain.then(() => shutdown(0));
  });
}

// ---------------------------------------------------------------- main

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (args.version) {
    const { version } = await loadSchemaEngineWasm();
    process.stdout.write(`schema-engine-cli ${version()}\n`);
    return 0;
  }
  if (args.help) {
    process.stdout.write(
      "Offline Prisma schema engine (PostgreSQL, @prisma/schema-engine-wasm)\n\n" +
        "  schema-engine --version\n" +
        "  schema-engine --datasource <json> cli <can-connect-to-database|create-database|drop-database>\n" +
        "  schema-engine [--datamodels <file>]... [--datasource <json>]   (JSON-RPC on stdin/stdout)\n",
    );
    return 0;
  }
  if (args.cli) return runCliCommand(args.cli[0], args.datasource);
  await serve(args);
  return undefined;
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (error) => {
    logLine("ERROR", String(error?.stack ?? error));
    process.exitCode = 1;
  },
);
