"use client";
import { useMutation } from "@tanstack/react-query";
import { useState, type DragEvent } from "react";
import { detectDelimiter, mapColumns, splitCsvLine, type ColumnMapping } from "@/lib/campaigns/csv-columns";
import { uploadCsvRequest } from "@/lib/client/campaigns";
import type { ImportResult } from "@/lib/schemas/campaign";
import { Button, ErrorBanner, Input } from "@/components/ui/primitives";

interface Preview {
  file: File;
  headers: string[];
  rows: string[][];
  mapping: ColumnMapping | null;
  problem: string | null;
}

// The file's first rows and how its columns map, read in the browser before anything is
// uploaded; then the upload and the server's report (imported, duplicates, invalid rows).
async function previewOf(file: File): Promise<Preview> {
  const bytes = new Uint8Array(await file.slice(0, 16 * 1024).arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((l) => l.trim());
  const delimiter = detectDelimiter(lines[0] ?? "");
  const headers = splitCsvLine(lines[0] ?? "", delimiter);
  let mapping: ColumnMapping | null = null;
  let problem: string | null = null;
  try {
    mapping = mapColumns(headers);
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  return { file, headers, rows: lines.slice(1, 6).map((l) => splitCsvLine(l, delimiter)), mapping, problem };
}

export function CsvImport({ path, onImported, label = "Import leads" }: { path: string; onImported: () => void; label?: string }) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [country, setCountry] = useState("");
  const upload = useMutation({
    mutationFn: (p: Preview) => uploadCsvRequest(path, p.file, country.trim() || null),
    onSuccess: () => {
      setPreview(null);
      onImported();
    },
  });
  const choose = async (file: File | undefined) => {
    upload.reset();
    setPreview(file ? await previewOf(file) : null);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    void choose(event.dataTransfer.files[0]);
  };
  const roleOf = (header: string) =>
    !preview?.mapping ? "" : header === preview.mapping.phone_number ? "phone number" : header === preview.mapping.name ? "name" : header === preview.mapping.timezone ? "timezone" : "variable";
  return (
    <div className="space-y-3" data-testid="csv-import">
      <div onDragOver={(e) => e.preventDefault()} onDrop={onDrop} className="rounded-md border-2 border-dashed border-slate-300 p-4 text-sm text-slate-600">
        <label className="block">
          Drop a CSV file here or choose one (UTF-8 or Latin-1; `,` `;` or tab; at most 20 MiB and 100,000 rows)
          <input type="file" accept=".csv,.tsv,.txt,text/csv" className="mt-2 block" aria-label="CSV file" onChange={(e) => void choose(e.target.files?.[0])} />
        </label>
      </div>
      {preview && (
        <div className="space-y-3">
          {preview.problem && <ErrorBanner message={preview.problem} />}
          <div className="overflow-x-auto">
            <table className="min-w-full text-xs" data-testid="csv-preview">
              <thead>
                <tr>{preview.headers.map((h) => <th key={h} className="px-2 py-1 text-left">{h}<div className="font-normal text-slate-500">{roleOf(h)}</div></th>)}</tr>
              </thead>
              <tbody>
                {preview.rows.map((row, i) => <tr key={i}>{row.map((cell, j) => <td key={j} className="border-t border-slate-100 px-2 py-1">{cell}</td>)}</tr>)}
              </tbody>
            </table>
          </div>
          <div className="flex items-end gap-3">
            <label className="text-sm">
              Default country for national numbers
              <Input value={country} onChange={(e) => setCountry(e.target.value)} placeholder="e.g. NL" maxLength={2} className="w-24" aria-label="Default country" />
            </label>
            <Button type="button" disabled={!!preview.problem || upload.isPending} onClick={() => upload.mutate(preview)}>{upload.isPending ? "Importing…" : label}</Button>
          </div>
        </div>
      )}
      {upload.error && <ErrorBanner message={upload.error.message} />}
      {upload.data && <ImportReport result={upload.data} />}
    </div>
  );
}

export function ImportReport({ result }: { result: ImportResult }) {
  return (
    <div className="rounded-md bg-slate-50 p-3 text-sm" data-testid="import-report">
      <p>
        {result.imported} imported · {result.skipped_duplicates} duplicates skipped · {result.skipped_dnc} on the do-not-call list · {result.invalid_count} invalid · {result.total} rows read
      </p>
      {result.invalid.length > 0 && (
        <ul className="mt-2 max-h-40 overflow-y-auto text-xs text-red-700">
          {result.invalid.map((r) => <li key={r.row}>Row {r.row}: {r.reason}</li>)}
        </ul>
      )}
    </div>
  );
}
