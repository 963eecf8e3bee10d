import type { FieldRow } from "./schema-rows";

// Nested fields are indented under their parent; the full dotted path is the row's title.
export function FieldsTable({ rows, caption }: { rows: FieldRow[]; caption: string }) {
  if (rows.length === 0) return null;
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-left text-xs font-semibold uppercase text-slate-500">
          <tr><th className="py-1 pr-4">Field</th><th className="py-1 pr-4">Type</th><th className="min-w-64 py-1">Description</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((row) => (
            <tr key={row.name} data-field={row.name}>
              <td className="whitespace-nowrap py-1.5 pr-4" style={{ paddingLeft: `${row.depth * 1.25}rem` }}>
                <code className="font-mono text-slate-900" title={row.name}>{row.label}</code>
                {row.required && <span className="ml-1 text-xs font-medium text-red-700">required</span>}
              </td>
              <td className="whitespace-nowrap py-1.5 pr-4 font-mono text-xs text-slate-600">{row.type}{row.nullable ? " | null" : ""}</td>
              <td className="py-1.5 text-slate-700">
                {row.description && <p>{row.description}</p>}
                {row.notes.length > 0 && <p className="text-xs text-slate-500">{row.notes.join(" · ")}</p>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
