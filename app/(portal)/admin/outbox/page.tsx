import { redirect } from "next/navigation";
import { getPortalSession } from "@/lib/auth/session";
import { can } from "@/lib/tenancy/permissions";
import { env } from "@/lib/env";
import { listOutbox } from "@/lib/mail/transports";
import { outboxDir } from "@/lib/mail/send";
import { Card } from "@/components/ui/primitives";

// Mail written to the local outbox (no SMTP_URL and no Resend key): the platform operator's view.
export default async function OutboxPage() {
  const session = await getPortalSession();
  if (!session || session.organizationKind !== "platform" || !can(session, "organizations.write")) redirect("/assistants");
  const messages = await listOutbox(outboxDir(), { limit: 100 });
  return (
    <div className="max-w-5xl space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Outbox</h1>
        <p className="mt-1 text-sm text-slate-600">
          {env().SMTP_URL ? "SMTP_URL is set, so new mail goes out by SMTP; earlier local mail is listed here." : "No SMTP_URL is set: mail is kept here instead of being sent."}{" "}
          Organisations with their own Resend key send through Resend.
        </p>
      </div>
      <Card title={`${messages.length} most recent messages`}>
        {messages.length === 0 ? (
          <p className="text-sm text-slate-600">No mail yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="outbox">
            {messages.map((m) => (
              <li key={m.id} className="py-3">
                <details>
                  <summary className="cursor-pointer text-sm">
                    <span className="font-medium">{m.subject}</span> <span className="text-slate-500">to {m.to} · {new Date(m.created_at).toLocaleString()}</span>
                  </summary>
                  <p className="mt-2 text-xs text-slate-500">From {m.from}</p>
                  <pre className="mt-2 whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-xs" data-testid="outbox-text">{m.text}</pre>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
