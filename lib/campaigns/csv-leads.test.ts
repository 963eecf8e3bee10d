import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { detectDelimiter, previewLeadRows, readLeadRows, type ReadOptions, type ReadRow } from "./csv-leads";

async function* chunks(bytes: Uint8Array, size = bytes.length) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

async function read(bytes: Uint8Array, options: ReadOptions = {}, chunkSize?: number): Promise<ReadRow[]> {
  const rows: ReadRow[] = [];
  for await (const row of readLeadRows(chunks(bytes, chunkSize), options)) rows.push(row);
  return rows;
}
const leads = (rows: ReadRow[]) => rows.flatMap((r) => (r.kind === "lead" ? [r.lead] : []));
const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe("readLeadRows", () => {
  it("reads UTF-8 with a BOM, header aliases, quoted fields and variables", async () => {
    const file = '\uFEFFPhone,Full Name,Company,Note\r\n+31 20 123 4567,"Zoë ""Z"" de Vries","Acme, Inc.",vip\r\n+44 20 7946 0958,Bob,,\r\n';
    const rows = await read(utf8(file));
    expect(leads(rows)).toEqual([
      { row: 2, phoneNumber: "+31201234567", name: 'Zoë "Z" de Vries', timezone: null, variables: { Company: "Acme, Inc.", Note: "vip" } },
      { row: 3, phoneNumber: "+442079460958", name: "Bob", timezone: null, variables: {} },
    ]);
  });

  it("detects Latin-1 and semicolons, and reads national numbers with the default country", async () => {
    const file = latin1("telefoon;name;stad\n020 123 4567;Jürgen Müller;Düsseldorf\n0031 20 765 4321;Renée;Liège\n");
    // "telefoon" is not an alias: the header must name the phone column.
    expect((await failure(read(file))).param).toBe("file");
    const named = latin1("number;name;stad\n020 123 4567;Jürgen Müller;Düsseldorf\n0031 20 765 4321;Renée;Liège\n");
    expect(leads(await read(named, { defaultCountry: "NL" }))).toEqual([
      { row: 2, phoneNumber: "+31201234567", name: "Jürgen Müller", timezone: null, variables: { stad: "Düsseldorf" } },
      { row: 3, phoneNumber: "+31207654321", name: "Renée", timezone: null, variables: { stad: "Liège" } },
    ]);
  });

  it("reads tab-separated files and a timezone column", async () => {
    const rows = await read(utf8("phone_number\tname\ttimezone\n+12125550123\tAnn\tAmerica/New_York\n+81312345678\tKen\tMars/Olympus\n"));
    expect(rows).toEqual([
      { kind: "lead", lead: { row: 2, phoneNumber: "+12125550123", name: "Ann", timezone: "America/New_York", variables: {} } },
      { kind: "invalid", row: 3, reason: "invalid timezone: Mars/Olympus" },
    ]);
  });

  it("reports invalid and missing numbers by line, skips duplicates within the file, keeps valid rows", async () => {
    const file = ["phone,name", "+31201234567,A", "not a number,B", "", ",C", "+31 (0)20 123 4567,D", "+3120123456789012,E", "+31207654321,F"].join("\n");
    const rows = await read(utf8(file));
    expect(rows).toEqual([
      { kind: "lead", lead: expect.objectContaining({ row: 2, phoneNumber: "+31201234567" }) },
      { kind: "invalid", row: 3, reason: "invalid phone number: not a number" },
      { kind: "invalid", row: 5, reason: "missing phone number" },
      { kind: "duplicate", row: 6, phoneNumber: "+31201234567" },
      { kind: "invalid", row: 7, reason: "invalid phone number: +3120123456789012" },
      { kind: "lead", lead: expect.objectContaining({ row: 8, phoneNumber: "+31207654321", name: "F" }) },
    ]);
  });

  it("keeps a quoted newline inside one field and a multi-byte character split across chunks", async () => {
    const file = utf8('phone,name,address\n+31201234567,"Ö","Line 1\nLine 2"\n+31207654321,Ünal,x\n');
    const rows = await read(file, {}, 3);
    expect(leads(rows).map((l) => [l.name, l.variables.address])).toEqual([["Ö", "Line 1\nLine 2"], ["Ünal", "x"]]);
    expect(leads(rows)[1]!.row).toBe(4);
  });

  it("refuses a file without a header, without a phone column, too large or with too many rows", async () => {
    expect((await failure(read(utf8("")))).message).toMatch(/empty/);
    expect((await failure(read(utf8("name,city\nA,B\n")))).message).toMatch(/phone_number, phone, number/);
    const big = utf8(`phone\n${"+31201234567\n".repeat(100)}`);
    expect((await failure(read(big, { maxBytes: 500 }, 64))).code).toBe("payload_too_large");
    const many = utf8(`phone\n${Array.from({ length: 6 }, (_, i) => `+3120123456${i}`).join("\n")}\n`);
    const tooMany = await failure(read(many, { maxRows: 5 }));
    expect([tooMany.code, tooMany.param]).toEqual(["validation_error", "file"]);
  });

  it("waits for the parser many times on a long file without piling up listeners", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const file = utf8(`phone,name,city\n${Array.from({ length: 20_000 }, (_, i) => `+3161${String(i).padStart(7, "0")},Lead ${i},"Amsterdam, NL"`).join("\n")}\n`);
      let count = 0;
      for await (const row of readLeadRows(chunks(file, 4096))) {
        if (row.kind === "lead") count++;
        // A slow consumer: the feed has to wait for the parser to drain.
        if (count % 500 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      expect(count).toBe(20_000);
      // Warnings are emitted on the next tick.
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("names a malformed file as such", async () => {
    const error = await failure(read(utf8('phone,name\n+31201234567,"unterminated\n')));
    expect(error.message).toMatch(/not valid CSV/);
  });
});

describe("detectDelimiter and previewLeadRows", () => {
  it("picks the delimiter outside quotes", () => {
    expect(detectDelimiter('"a,b";c;d')).toBe(";");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("phone")).toBe(",");
  });

  it("previews the first rows with the column mapping", async () => {
    const file = utf8(`mobile;first name;plan\n${Array.from({ length: 30 }, (_, i) => `+31 20 765 43${String(i).padStart(2, "0")};N${i};gold`).join("\n")}\n`);
    const preview = await previewLeadRows(chunks(file, 50), { limit: 3 });
    expect(preview.delimiter).toBe(";");
    expect(preview.mapping).toEqual({ phone_number: "mobile", name: null, timezone: null, variables: ["first name", "plan"] });
    expect(preview.rows).toHaveLength(3);
  });
});
