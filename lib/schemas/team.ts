import { z } from "zod";
import { passwordSchema } from "@/lib/schemas/auth";
import { ROLES } from "@/lib/tenancy/permissions";

// Team members of an organisation and invitations to join it.

export const roleSchema = z.enum(ROLES).describe("owner, admin, member or read_only");

export const memberSchema = z.object({
  id: z.string().uuid().describe("The membership id"),
  user_id: z.string().uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  created_at: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const invitationSchema = z.object({
  id: z.string().uuid(),
  email: z.string(),
  role: roleSchema,
  invited_by: z.string().nullable().describe("Email of the user who invited; null when an API key did"),
  expires_at: z.string(),
  created_at: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const invitationCreateSchema = z.object({
  email: z.string().trim().toLowerCase().email("must be an email address"),
  role: roleSchema.default("member"),
});
export type InvitationCreateInput = z.input<typeof invitationCreateSchema>;

export const invitationCreatedSchema = z.object({
  invitation: invitationSchema,
  email_sent: z.boolean().describe("false: the invitation exists but its email could not be sent (send it again)"),
});

export const memberUpdateSchema = z.object({ role: roleSchema });

export const invitationAcceptSchema = z.object({
  token: z.string().min(16, "must be the token from the invitation link").max(200),
  name: z.string().trim().min(1).max(100).optional().describe("Your name, for a new account"),
  password: z.string().min(1, "Password is required").max(200)
    .describe("A new account's password, or the existing account's password for that email"),
});

export const invitationAcceptedSchema = z.object({
  organization_id: z.string().uuid(),
  email: z.string(),
  role: roleSchema,
  is_new_user: z.boolean(),
});

export const passwordResetRequestSchema = z.object({ email: z.string().trim().toLowerCase().email("Enter a valid email address") });
export const passwordResetConfirmSchema = z.object({
  token: z.string().min(16, "The reset link is incomplete").max(200),
  password: passwordSchema,
});

export { passwordSchema };
