export { getSipTrunk as GET, patchSipTrunk as PATCH, removeSipTrunk as DELETE } from "@/lib/api/routes/telephony";
export * from "@/lib/api/routes/method-fallbacks";
