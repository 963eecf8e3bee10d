import { parse, CsvError } from "csv-parse";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { detectDelimiter, mapColumns, type ColumnMapping } from "@/lib/campaigns/csv-columns";
import { AppError } from "@/lib/errors/app-error";
import { CAMPAIGN_LIMITS, isTimeZone } from "@/lib/schemas/campaign";

export { detectDelimiter, mapColumns, type ColumnMapping };

// Reads a lead list (CSV) as a stream: encoding (UTF-8 with or without BOM, else Latin-1),
// delimiter (`,`, `;` or tab, from the header line), quoted fields; one header row naming
// the phone column (or an alias), optionally name and timezone, every other column a
// variable. Each data row comes out as a lead or as the reason it is invalid, with its line
// number (the header is line 1); duplicates inside the file are reported as such. Nothing
// here touches the database (lib/campaigns/import-leads.ts stores what comes out).

export const IMPORT_LIMITS = {
  /** Bytes of one file. */
  maxBytes: 20 * 1024 * 1024,
  /** Data rows of one file. */
  maxRows: 100_000,
} as const;

export interface LeadRow {
  row: number;
  phoneNumber: string;
  name: string | null;
  timezone: string | null;
  variables: Record<string, string>;
}
export type ReadRow = { kind: "lead"; lead: LeadRow } | { kind: "invalid"; row: number; reason: string } | { kind: "duplicate"; row: number; phoneNumber: string };

/**
 * Decodes bytes as UTF-8 (a BOM is dropped) until a byte sequence is not UTF-8, and from that
 * chunk on as Latin-1 (Windows-1252: what spreadsheets export as "CSV" in western locales).
 */
export async function* decodeText(source: AsyncIterable<Uint8Array>, limits: { maxBytes: number }): AsyncGenerator<string> {
  let utf8: TextDecoder | null = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const latin1 = new TextDecoder("windows-1252");
  let bytes = 0;
  for await (const chunk of source) {
    bytes += chunk.byteLength;
    if (bytes > limits.maxBytes) throw new AppError("payload_too_large", `The file is larger than ${limits.maxBytes} bytes`, "file");
    if (utf8) {
      try {
        yield utf8.decode(chunk, { stream: true });
        continue;
      } catch {
        utf8 = null;
      }
    }
    yield latin1.decode(chunk, { stream: true });
  }
  if (utf8) {
    try {
      const rest = utf8.decode();
      if (rest) yield rest;
    } catch {
      yield "\uFFFD";
    }
  }
}

export interface ReadOptions {
  /** ISO country for numbers written without +country code. */
  defaultCountry?: CountryCode | null;
  maxBytes?: number;
  maxRows?: number;
  /** Called once with the header's column mapping, before the first row. */
  onMapping?: (mapping: ColumnMapping, delimiter: string) => void;
}

/** Normalises a number as written in a file to E.164, or null when it cannot be a number. */
export function normaliseLeadNumber(value: string, defaultCountry?: CountryCode | null): string | null {
  const cleaned = value.trim().replace(/^00/, "+");
  if (!cleaned) return null;
  const parsed = parsePhoneNumberFromString(cleaned, defaultCountry ? { defaultCountry } : undefined);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** The rows of a lead list, in file order. */
export async function* readLeadRows(source: AsyncIterable<Uint8Array>, options: ReadOptions = {}): AsyncGenerator<ReadRow> {
  const maxRows = options.maxRows ?? IMPORT_LIMITS.maxRows;
  const text = decodeText(source, { maxBytes: options.maxBytes ?? IMPORT_LIMITS.maxBytes });

  // The header line decides the delimiter; it is read before the parser starts.
  let head = "";
  let first = await text.next();
  while (!first.done) {
    head += first.value;
    if (/\r?\n/.test(head.replace(/^\uFEFF/, "")) || head.length > 64 * 1024) break;
    first = await text.next();
  }
  head = head.replace(/^\uFEFF/, "");
  if (!head.trim()) throw new AppError("validation_error", "The file is empty: a header row naming the columns is required", "file");
  const delimiter = detectDelimiter(head.split(/\r?\n/, 1)[0]!);

  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_empty_values: true, trim: true, info: true });
  const feed = (async () => {
    try {
      // Backpressure: wait for the parser to drain; a parser closed by the reader ends the feed.
      // Both listeners go once either fires: a long file waits many times.
      const write = (chunk: string) =>
        parser.write(chunk)
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              const done = () => {
                parser.off("drain", done);
                parser.off("close", done);
                resolve();
              };
              parser.on("drain", done);
              parser.on("close", done);
            });
      await write(head);
      if (!first.done) {
        for await (const chunk of text) {
          if (parser.destroyed) return;
          await write(chunk);
        }
      }
      if (!parser.destroyed) parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  let mapping: ColumnMapping | null = null;
  let headers: string[] = [];
  let indexes: { phone: number; name: number; timezone: number; variables: [string, number][] } | null = null;
  const seen = new Set<string>();
  let rows = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!mapping) {
        headers = record;
        mapping = mapColumns(headers);
        const at = (h: string | null) => (h === null ? -1 : headers.indexOf(h));
        indexes = { phone: at(mapping.phone_number), name: at(mapping.name), timezone: at(mapping.timezone), variables: mapping.variables.map((h) => [h.trim(), headers.indexOf(h)]) };
        options.onMapping?.(mapping, delimiter);
        continue;
      }
      rows++;
      if (rows > maxRows) throw new AppError("validation_error", `The file has more than ${maxRows} rows`, "file");
      const row = info.lines;
      const raw = record[indexes!.phone]?.trim() ?? "";
      if (!raw) {
        yield { kind: "invalid", row, reason: "missing phone number" };
        continue;
      }
      const phoneNumber = normaliseLeadNumber(raw, options.defaultCountry);
      if (!phoneNumber) {
        yield { kind: "invalid", row, reason: `invalid phone number: ${raw.slice(0, 40)}` };
        continue;
      }
      const timezone = indexes!.timezone >= 0 ? record[indexes!.timezone]?.trim() || null : null;
      if (timezone && !isTimeZone(timezone)) {
        yield { kind: "invalid", row, reason: `invalid timezone: ${timezone.slice(0, 60)}` };
        continue;
      }
      if (seen.has(phoneNumber)) {
        yield { kind: "duplicate", row, phoneNumber };
        continue;
      }
      seen.add(phoneNumber);
      const variables: Record<string, string> = {};
      for (const [header, index] of indexes!.variables.slice(0, CAMPAIGN_LIMITS.variables)) {
        const value = record[index];
        if (value !== undefined && value !== "") variables[header] = value.slice(0, CAMPAIGN_LIMITS.variableLength);
      }
      const name = indexes!.name >= 0 ? record[indexes!.name]?.trim().slice(0, 200) || null : null;
      yield { kind: "lead", lead: { row, phoneNumber, name, timezone, variables } };
    }
  } catch (error) {
    if (error instanceof CsvError) throw new AppError("validation_error", `The file is not valid CSV: ${error.message}`, "file");
    throw error;
  } finally {
    parser.destroy();
    await feed;
  }
  if (!mapping) throw new AppError("validation_error", "The file is empty: a header row naming the columns is required", "file");
}

/** Up to `limit` rows and the mapping of a file's start: what the portal previews before an import. */
export async function previewLeadRows(source: AsyncIterable<Uint8Array>, options: ReadOptions & { limit?: number } = {}) {
  const rows: ReadRow[] = [];
  let mapping: ColumnMapping | null = null;
  let delimiter = ",";
  for await (const row of readLeadRows(source, { ...options, onMapping: (m, d) => { mapping = m; delimiter = d; } })) {
    rows.push(row);
    if (rows.length >= (options.limit ?? 10)) break;
  }
  return { mapping: mapping as ColumnMapping | null, delimiter, rows };
}
