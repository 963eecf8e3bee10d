"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { approveClientSignupRequest, pendingClientSignupsQuery } from "@/lib/client/branding";
import { Button, Card, ErrorBanner } from "@/components/ui/primitives";

// Clients that signed up on the partner's portal while sign-up required approval.
export function ClientSignupsPanel({ canManage }: { canManage: boolean }) {
  const queryClient = useQueryClient();
  const { data, error } = useQuery(pendingClientSignupsQuery());
  const approve = useMutation({
    mutationFn: approveClientSignupRequest,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["client-signups"] }),
  });
  if (error) return <Card title="Sign-ups waiting for approval"><ErrorBanner message={error.message} /></Card>;
  if (!data || data.data.length === 0) return null;
  return (
    <Card title="Sign-ups waiting for approval">
      <ul className="divide-y divide-slate-100" data-testid="pending-signups">
        {data.data.map((c) => (
          <li key={c.id} className="flex items-center justify-between py-2 text-sm">
            <span>{c.name} <span className="text-slate-500">{c.owner_email}</span></span>
            {canManage && <Button type="button" onClick={() => approve.mutate(c.id)} disabled={approve.isPending}>Approve</Button>}
          </li>
        ))}
      </ul>
    </Card>
  );
}
