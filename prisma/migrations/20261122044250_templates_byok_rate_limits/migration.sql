-- AlterTable
ALTER TABLE "assistants" ADD COLUMN     "analysis_template_id" UUID;

-- CreateTable
CREATE TABLE "tool_templates" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tool_type" TEXT NOT NULL,
    "tool_config" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tool_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "assistant_tool_templates" (
    "assistant_id" UUID NOT NULL,
    "tool_template_id" UUID NOT NULL,

    CONSTRAINT "assistant_tool_templates_pkey" PRIMARY KEY ("assistant_id","tool_template_id")
);

-- CreateTable
CREATE TABLE "analysis_templates" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "schema" JSONB NOT NULL,
    "messages" JSONB NOT NULL DEFAULT '[]',
    "min_messages_threshold" INTEGER NOT NULL DEFAULT 2,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "analysis_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_keys" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "key_enc" TEXT NOT NULL,
    "key_hint" TEXT NOT NULL,
    "base_url" TEXT,
    "last_tested_at" TIMESTAMP(3),
    "last_test_ok" BOOLEAN,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provider_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_buckets" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateIndex
CREATE UNIQUE INDEX "tool_templates_organization_id_name_key" ON "tool_templates"("organization_id", "name");

-- CreateIndex
CREATE INDEX "assistant_tool_templates_tool_template_id_idx" ON "assistant_tool_templates"("tool_template_id");

-- CreateIndex
CREATE UNIQUE INDEX "analysis_templates_organization_id_name_key" ON "analysis_templates"("organization_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "provider_keys_organization_id_provider_key" ON "provider_keys"("organization_id", "provider");

-- CreateIndex
CREATE INDEX "rate_limit_buckets_window_start_idx" ON "rate_limit_buckets"("window_start");

-- AddForeignKey
ALTER TABLE "assistants" ADD CONSTRAINT "assistants_analysis_template_id_fkey" FOREIGN KEY ("analysis_template_id") REFERENCES "analysis_templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_templates" ADD CONSTRAINT "tool_templates_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistant_tool_templates" ADD CONSTRAINT "assistant_tool_templates_assistant_id_fkey" FOREIGN KEY ("assistant_id") REFERENCES "assistants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assistant_tool_templates" ADD CONSTRAINT "assistant_tool_templates_tool_template_id_fkey" FOREIGN KEY ("tool_template_id") REFERENCES "tool_templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "analysis_templates" ADD CONSTRAINT "analysis_templates_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "provider_keys" ADD CONSTRAINT "provider_keys_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
