export { listSipTrunks as GET, postSipTrunk as POST } from "@/lib/api/routes/telephony";
export * from "@/lib/api/routes/method-fallbacks";
