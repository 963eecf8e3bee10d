import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native or heavy server packages stay outside the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "livekit-server-sdk"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
