export { listSipTrunks as GET, postSipTrunk as POST } from "@/lib/api/routes/telephony";
