import { AppError } from "@/lib/errors/app-error";

// How a lead file's header row maps to lead fields, and its delimiter: shared by the
// streamed import (lib/campaigns/csv-leads.ts) and the portal's preview before an upload.

export const HEADER_ALIASES: Record<"phone_number" | "name" | "timezone", readonly string[]> = {
  phone_number: ["phone_number", "phone", "number", "phonenumber", "phone_no", "telephone", "tel", "mobile", "mobile_number", "cell", "msisdn", "e164"],
  name: ["name", "full_name", "fullname", "contact", "contact_name"],
  timezone: ["timezone", "time_zone", "tz"],
};

const normaliseHeader = (header: string) => header.trim().toLowerCase().replace(/[\s\-.]+/g, "_");

export interface ColumnMapping {
  phone_number: string;
  name: string | null;
  timezone: string | null;
  /** Columns read as variables, by header. */
  variables: string[];
}

/** Which header is which field; throws when no column holds phone numbers. */
export function mapColumns(headers: string[]): ColumnMapping {
  const find = (field: keyof typeof HEADER_ALIASES) => {
    for (const alias of HEADER_ALIASES[field]) {
      const index = headers.findIndex((h) => normaliseHeader(h) === alias);
      if (index >= 0) return headers[index]!;
    }
    return null;
  };
  const phone = find("phone_number");
  if (!phone) {
    throw new AppError("validation_error", `The header row has no phone number column (name one of: ${HEADER_ALIASES.phone_number.join(", ")})`, "file");
  }
  const name = find("name");
  const timezone = find("timezone");
  const taken = new Set([phone, name, timezone]);
  return { phone_number: phone, name, timezone, variables: headers.filter((h) => h.trim() && !taken.has(h)) };
}

/** The delimiter of a header line: the most frequent of `,`, `;` and tab outside quotes. */
export function detectDelimiter(headerLine: string): string {
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char in counts) counts[char]!++;
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![1] > 0 ? Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0] : ",";
}


/** One line split into fields (preview only: the import uses csv-parse). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === delimiter) {
      fields.push(field.trim());
      field = "";
    }
    else field += char;
  }
  fields.push(field.trim());
  return fields;
}
