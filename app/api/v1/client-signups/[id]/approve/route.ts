export { postClientSignupApprove as POST } from "@/lib/api/routes/branding";
