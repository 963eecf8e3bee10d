export { listMembers as GET } from "@/lib/api/routes/team";
export * from "@/lib/api/routes/method-fallbacks";
