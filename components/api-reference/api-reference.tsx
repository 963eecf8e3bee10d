"use client";
import { useQuery } from "@tanstack/react-query";
import { openApiQuery } from "@/lib/client/api";
import { Card, ErrorBanner } from "@/components/ui/primitives";
import { FieldsTable } from "./fields-table";
import { OperationCard } from "./operation-card";
import { fieldRows, groupByTag } from "./schema-rows";

const slug = (tag: string) => `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

// The reference is rendered from /api/v1/openapi.json, so it always matches the running API.
export function ApiReference() {
  const { data: doc, error, isPending } = useQuery(openApiQuery());
  if (isPending) return <p className="text-sm text-slate-500">Loading the API reference…</p>;
  if (error) return <ErrorBanner message={error.message} />;
  const schemas = doc.components?.schemas ?? {};
  const groups = groupByTag(doc);
  const base = doc.servers?.[0]?.url ?? "/api/v1";
  return (
    <div className="grid gap-8 lg:grid-cols-[12rem_1fr]">
      <nav aria-label="API sections" className="lg:sticky lg:top-8 lg:self-start">
        <ul className="space-y-1 text-sm">
          <li><a className="text-brand-700 hover:underline" href="#conventions">Conventions</a></li>
          {groups.map((g) => (
            <li key={g.tag}><a className="text-brand-700 hover:underline" href={`#${slug(g.tag)}`}>{g.tag}</a> <span className="text-slate-400">{g.operations.length}</span></li>
          ))}
        </ul>
      </nav>
      <div className="min-w-0 space-y-10">
        <section id="conventions" className="scroll-mt-6">
          <Card title={`${doc.info.title} ${doc.info.version}`}>
            <div className="space-y-2 text-sm text-slate-700">
              {doc.info.description && <Prose text={doc.info.description} />}
              <p>Base URL: <code className="font-mono">{base}</code> on this server. Send JSON (<code className="font-mono">Content-Type: application/json</code>) and authenticate with an organisation API key: <code className="font-mono">Authorization: Bearer sb_live_…</code>.</p>
              <p>Lists answer <code className="font-mono">{"{ <items>, pagination: { total, limit, offset } }"}</code> and take <code className="font-mono">limit</code> and <code className="font-mono">offset</code>. Another organisation’s ids answer 404.</p>
              <p>Errors always have this shape:</p>
              {schemas.Error && <FieldsTable caption="Error object" rows={fieldRows(schemas.Error, schemas)} />}
            </div>
          </Card>
        </section>
        {groups.map((g) => (
          <section key={g.tag} id={slug(g.tag)} className="scroll-mt-6 space-y-4" data-tag={g.tag}>
            <h2 className="text-xl font-semibold">{g.tag}</h2>
            {g.operations.map((entry) => <OperationCard key={`${entry.method} ${entry.path}`} entry={entry} schemas={schemas} doc={doc} />)}
          </section>
        ))}
      </div>
    </div>
  );
}

// info.description: paragraphs, "## " headings and `code`, as the document writes them.
function Prose({ text }: { text: string }) {
  return text.split(/\n{2,}/).map((block, i) =>
    block.startsWith("## ") ? (
      <h3 key={i} className="pt-2 font-semibold text-slate-800">{block.slice(3)}</h3>
    ) : (
      <p key={i}>{block.split(/`([^`]+)`/).map((part, j) => (j % 2 ? <code key={j} className="font-mono">{part}</code> : part))}</p>
    ),
  );
}
