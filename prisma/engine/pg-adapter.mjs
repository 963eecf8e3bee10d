// PostgreSQL driver adapter for the offline schema engine (schema-engine.mjs).
//
// Built on @prisma/adapter-pg, with the corrections the schema engine needs
// (checked against @prisma/adapter-pg 7.10.1):
//
//  1. Columns of the internal Postgres type "char" (OID 18) are reported as
//     ColumnType Character. adapter-pg rejects them as unsupported, and the
//     engine's catalog queries (pg_class.relkind, pg_constraint.contype, ...)
//     return them; reporting them as text is not enough on PostgreSQL 18.
//  2. executeScript sends the whole script as one simple-protocol query.
//     adapter-pg splits on ";", which breaks function bodies ($$ ... $$),
//     string literals containing ";" and leaves migrations half-applied.
//  3. Shadow databases. adapter-pg creates the temporary database but then
//     connects to the *main* database when configured with a connection
//     string, and drops the temporary database before closing its own
//     connections. Here: honour shadowDatabaseUrl when given (and refuse when
//     it is the main database); otherwise create a temporary database, verify
//     with current_database() that we really are connected to it, and on
//     dispose close the connections first, then drop it.
//
// Everything else (value conversion, error mapping) is adapter-pg's own.
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { ColumnTypeEnum, DriverAdapterError } from "@prisma/driver-adapter-utils";
import pg from "pg";

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const CHAR_COLUMNS = Symbol("charColumns");

// Query parameters that mean something to Prisma but not to node-postgres.
const PRISMA_ONLY_PARAMS = [
  "schema",
  "connection_limit",
  "pool_timeout",
  "pgbouncer",
  "statement_cache_size",
  "socket_timeout",
  "connect_timeout",
  "single_use_connections",
];

/** Split a Prisma datasource URL into node-postgres pool config + the schema name. */
export function poolConfigFromUrl(url) {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  const connectTimeout = Number(parsed.searchParams.get("connect_timeout") ?? "10");
  for (const param of PRISMA_ONLY_PARAMS) parsed.searchParams.delete(param);
  const config = {
    connectionString: parsed.toString(),
    max: 4,
    connectionTimeoutMillis: connectTimeout > 0 ? connectTimeout * 1000 : 0,
    application_name: "prisma-schema-engine-offline",
  };
  if (schema) config.options = `-c search_path=${quoteIdent(schema)}`;
  return { config, schema };
}

export function quoteIdent(name) {
  return `"${String(name).replaceAll('"', '""')}"`;
}

function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function describeServer(url) {
  try {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: parsed.port || "5432", database: decodeURIComponent(parsed.pathname.slice(1)) };
  } catch {
    return { host: "?", port: "?", database: "?" };
  }
}

const EMPTY_ARGS = { args: [], argTypes: [] };

/** Apply corrections 1 and 2 to an adapter-pg adapter or transaction. */
function correctQueryable(queryable) {
  const performIO = queryable.performIO;
  if (typeof performIO !== "function") {
    throw new Error(
      "prisma/engine/pg-adapter.mjs: @prisma/adapter-pg no longer has performIO(); re-check the corrections against the installed version",
    );
  }
  // Report "char" columns as text to adapter-pg's own type mapping, remembering
  // which ones they were on the rows array (which queryRaw passes through)...
  queryable.performIO = async function (query) {
    const result = await performIO.call(this, query);
    // Multi-statement SQL sent through executeRaw yields an array of results.
    if (!Array.isArray(result?.fields)) return result;
    const charColumns = [];
    result.fields.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        charColumns.push(index);
        field.dataTypeID = PG_TEXT_OID;
      }
    });
    if (charColumns.length > 0) result.rows[CHAR_COLUMNS] = charColumns;
    return result;
  };
  // ... and then give them their proper column type.
  const queryRaw = queryable.queryRaw;
  queryable.queryRaw = async function (query) {
    const resultSet = await queryRaw.call(this, query);
    const charColumns = resultSet.rows[CHAR_COLUMNS];
    if (charColumns) {
      for (const index of charColumns) resultSet.columnTypes[index] = ColumnTypeEnum.Character;
      delete resultSet.rows[CHAR_COLUMNS];
    }
    return resultSet;
  };
  return queryable;
}

function correctAdapter(adapter) {
  correctQueryable(adapter);
  const pool = adapter.underlyingDriver();
  adapter.executeScript = async function (script) {
    try {
      // No parameters: node-postgres uses the simple query protocol, which runs
      // all statements of the script in one implicit transaction.
      await pool.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  const startTransaction = adapter.startTransaction;
  adapter.startTransaction = async function (isolationLevel) {
    return correctQueryable(await startTransaction.call(this, isolationLevel));
  };
  return adapter;
}

async function singleValue(adapter, sql) {
  const result = await adapter.queryRaw({ sql, ...EMPTY_ARGS });
  return result.rows[0]?.[0];
}

/**
 * A stand-in used when no DATABASE_URL is configured at all, so commands that
 * need no database (e.g. `migrate diff --from-empty --to-schema ...`) still
 * work. It answers the engine's start-up probe and rejects everything else.
 */
function offlineAdapter() {
  const fail = () => {
    throw new DriverAdapterError({
      kind: "postgres",
      code: "08000",
      severity: "ERROR",
      message: "This command needs a database connection, but no datasource url is configured (set DATABASE_URL).",
    });
  };
  return {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async queryRaw(query) {
      if (/^\s*SELECT EXISTS\(SELECT 1 FROM pg_namespace/i.test(query.sql)) {
        return {
          columnNames: ["exists", "version", "numeric_version"],
          columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
          rows: [[true, "PostgreSQL 18.0 (no database configured)", 180000]],
        };
      }
      return fail();
    },
    executeRaw: fail,
    executeScript: fail,
    startTransaction: fail,
    getConnectionInfo: () => ({ schemaName: undefined, supportsRelationJoins: true }),
    async dispose() {},
  };
}

/**
 * SqlMigrationAwareDriverAdapterFactory for the schema engine. Wrap it with
 * bindMigrationAwareSqlAdapterFactory() before handing it to the engine.
 */
export class MigrationPgAdapterFactory {
  provider = "postgres";
  adapterName = "@prisma/adapter-pg";

  /** Adapters handed out and not yet disposed (closed on shutdown). */
  #open = new Set();
  /** Temporary shadow databases not yet dropped: name -> drop(). */
  #shadowDatabases = new Map();

  /**
   * @param {{ url: string, shadowDatabaseUrl?: string | null }} datasource
   */
  constructor({ url, shadowDatabaseUrl }) {
    this.url = url ?? "";
    this.shadowDatabaseUrl = shadowDatabaseUrl || undefined;
  }

  #track(adapter, cleanup) {
    const dispose = adapter.dispose;
    let disposed = false;
    const entry = async () => {
      if (disposed) return;
      disposed = true;
      this.#open.delete(entry);
      await dispose.call(adapter);
      await cleanup?.();
    };
    adapter.dispose = entry;
    this.#open.add(entry);
    return adapter;
  }

  async #connectTo(url) {
    const { config, schema } = poolConfigFromUrl(url);
    const pool = new pg.Pool(config);
    const factory = new PrismaPg(pool, { schema, disposeExternalPool: true });
    return correctAdapter(await factory.connect());
  }

  async connect() {
    if (!this.url) return offlineAdapter();
    return this.#track(await this.#connectTo(this.url));
  }

  async connectToShadowDb() {
    if (this.shadowDatabaseUrl) return this.#connectToConfiguredShadowDb(this.shadowDatabaseUrl);
    if (!this.url) return offlineAdapter();
    return this.#connectToTemporaryShadowDb();
  }

  async #connectToConfiguredShadowDb(shadowUrl) {
    const shadow = this.#track(await this.#connectTo(shadowUrl));
    try {
      if (this.url) {
        const identify = "SELECT current_database() || '@' || coalesce(inet_server_addr()::text, '') || ':' || coalesce(inet_server_port()::text, '')";
        const main = await this.#connectTo(this.url);
        let same = false;
        try {
          same = (await singleValue(main, identify)) === (await singleValue(shadow, identify));
        } catch {
          // Main database unreachable: it can't be the one we just reached.
        } finally {
          await main.dispose();
        }
        if (same) {
          throw new DriverAdapterError({
            kind: "postgres",
            code: "P3014",
            severity: "ERROR",
            message: "The shadow database you configured appears to be the same as the main database. Please specify another shadow database.",
          });
        }
      }
      // The shadow database is scratch space: start from an empty schema, as
      // the native engine does.
      const { schema } = poolConfigFromUrl(shadowUrl);
      const name = quoteIdent(schema ?? "public");
      await shadow.executeScript(`DROP SCHEMA IF EXISTS ${name} CASCADE; CREATE SCHEMA ${name};`);
      return shadow;
    } catch (error) {
      await shadow.dispose();
      throw error;
    }
  }

  async #adminClient() {
    // Create/drop databases through the main database; fall back to the
    // maintenance database when the main one doesn't exist yet.
    const attempt = async (url) => {
      const client = new pg.Client(poolConfigFromUrl(url).config);
      await client.connect();
      return client;
    };
    try {
      return await attempt(this.url);
    } catch (error) {
      if (error?.code === "3D000") return attempt(withDatabase(this.url, "postgres"));
      throw error;
    }
  }

  async #connectToTemporaryShadowDb() {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = await this.#adminClient().catch((error) => {
      throw new DriverAdapterError(convertConnectError(error));
    });
    const drop = async () => {
      this.#shadowDatabases.delete(name);
      try {
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        } catch (error) {
          if (error?.code !== "42601") throw error; // FORCE needs PostgreSQL 13+
          await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
        }
      } finally {
        await admin.end().catch(() => undefined);
      }
    };
    try {
      await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      await admin.end().catch(() => undefined);
      throw new DriverAdapterError({
        kind: "postgres",
        code: error?.code ?? "N/A",
        severity: error?.severity ?? "ERROR",
        message:
          `Prisma Migrate could not create the shadow database (${error?.message ?? error}). ` +
          "Give the database user the CREATEDB privilege or set SHADOW_DATABASE_URL. More info: https://pris.ly/d/migrate-shadow",
      });
    }
    this.#shadowDatabases.set(name, drop);

    let shadow;
    try {
      shadow = await this.#connectTo(withDatabase(this.url, name));
      const current = await singleValue(shadow, "SELECT current_database()");
      if (current !== name) {
        throw new Error(`shadow database connection reached "${current}" instead of "${name}"; refusing to continue`);
      }
    } catch (error) {
      await shadow?.dispose().catch(() => undefined);
      await drop();
      throw error;
    }
    // Close the shadow connections first, then drop the database.
    return this.#track(shadow, drop);
  }

  /** Drop temporary shadow databases the engine did not dispose of. */
  async dropShadowDatabases() {
    const drops = [...this.#shadowDatabases.values()];
    await Promise.allSettled(drops.map((drop) => drop()));
  }

  /** Close every connection and drop leftover shadow databases. */
  async close() {
    await Promise.allSettled([...this.#open].map((dispose) => dispose()));
    await this.dropShadowDatabases();
  }
}

/** Map a node-postgres connection error to a driver adapter error payload. */
export function convertConnectError(error) {
  switch (error?.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
      return { kind: "DatabaseNotReachable", host: error.address ?? error.hostname, port: error.port };
    case "3D000":
      return { kind: "DatabaseDoesNotExist", db: error.message.split('"').at(1) };
    case "28P01":
      return { kind: "AuthenticationFailed", user: error.message.split('"').at(1) };
    default:
      return {
        kind: "postgres",
        code: error?.code ?? "N/A",
        severity: error?.severity ?? "ERROR",
        message: String(error?.message ?? error),
      };
  }
}

export { describeServer };
