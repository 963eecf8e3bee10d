export { postClientSignupApprove as POST } from "@/lib/api/routes/branding";
export * from "@/lib/api/routes/method-fallbacks";
