import "server-only";
import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/lib/crypto";

// Link tokens (invitations, password resets): 32 random bytes in the link, SHA-256 at rest,
// so a copy of the database opens no account.
export function generateLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: sha256Hex(token) };
}

export const hashLinkToken = (token: string) => sha256Hex(token);
