import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native or heavy server packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "livekit-server-sdk", "jsdom"],
  poweredByHeader: false,
  // The build checks the web app only; `npm run typecheck` checks the whole repository.
  typescript: { ignoreBuildErrors: false, tsconfigPath: "tsconfig.next.json" },
};

export default nextConfig;
