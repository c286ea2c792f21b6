CREATE TABLE `app_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`preset` text DEFAULT 'paper' NOT NULL,
	`config` text NOT NULL,
	`is_example` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_name_unique` ON `projects` (lower("name"));--> statement-breakpoint
CREATE TABLE `seed_instructions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`text` text NOT NULL,
	`normalized_hash` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`source` text NOT NULL,
	`source_ref` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `seed_instructions_project_hash_unique` ON `seed_instructions` (`project_id`,`normalized_hash`);--> statement-breakpoint
CREATE INDEX `seed_instructions_project_idx` ON `seed_instructions` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `back_translations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instruction_id` integer NOT NULL,
	`verifier_id` integer NOT NULL,
	`text` text NOT NULL,
	`judge_label` text,
	`llm_call_id` integer,
	`judge_call_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`instruction_id`) REFERENCES `instructions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`verifier_id`) REFERENCES `verifiers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`llm_call_id`) REFERENCES `llm_calls`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`judge_call_id`) REFERENCES `llm_calls`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `back_translations_instruction_idx` ON `back_translations` (`instruction_id`);--> statement-breakpoint
CREATE TABLE `instructions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`run_id` integer,
	`text` text NOT NULL,
	`origin_seed_id` integer,
	`origin_call_id` integer,
	`normalized_hash` text NOT NULL,
	`pipeline_status` text DEFAULT 'pending' NOT NULL,
	`drop_reason` text,
	`review_status` text DEFAULT 'unreviewed' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`origin_seed_id`) REFERENCES `seed_instructions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`origin_call_id`) REFERENCES `llm_calls`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `instructions_project_hash_unique` ON `instructions` (`project_id`,`normalized_hash`);--> statement-breakpoint
CREATE INDEX `instructions_project_status_idx` ON `instructions` (`project_id`,`pipeline_status`);--> statement-breakpoint
CREATE TABLE `test_cases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instruction_id` integer NOT NULL,
	`input` text NOT NULL,
	`expected` integer NOT NULL,
	`origin` text NOT NULL,
	`llm_call_id` integer,
	`pipeline_status` text DEFAULT 'pending' NOT NULL,
	`drop_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`instruction_id`) REFERENCES `instructions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`llm_call_id`) REFERENCES `llm_calls`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `test_cases_instruction_idx` ON `test_cases` (`instruction_id`);--> statement-breakpoint
CREATE TABLE `verifiers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instruction_id` integer NOT NULL,
	`source` text NOT NULL,
	`origin` text NOT NULL,
	`llm_call_id` integer,
	`author` text,
	`version` integer DEFAULT 1 NOT NULL,
	`parent_id` integer,
	`compile_status` text DEFAULT 'unknown' NOT NULL,
	`compile_error` text,
	`accuracy` real,
	`pipeline_status` text DEFAULT 'pending' NOT NULL,
	`drop_reason` text,
	`review_status` text DEFAULT 'unreviewed' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`instruction_id`) REFERENCES `instructions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`llm_call_id`) REFERENCES `llm_calls`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `verifiers_instruction_idx` ON `verifiers` (`instruction_id`);--> statement-breakpoint
CREATE TABLE `preference_pairs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sample_id` integer NOT NULL,
	`chosen_response_id` integer NOT NULL,
	`rejected_response_id` integer NOT NULL,
	`pipeline_status` text DEFAULT 'kept' NOT NULL,
	`review_status` text DEFAULT 'unreviewed' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`sample_id`) REFERENCES `samples`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`chosen_response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rejected_response_id`) REFERENCES `responses`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `preference_pairs_unique` ON `preference_pairs` (`sample_id`,`chosen_response_id`,`rejected_response_id`);--> statement-breakpoint
CREATE TABLE `queries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`text` text NOT NULL,
	`normalized_hash` text NOT NULL,
	`source_file` text,
	`source_line` integer,
	`length` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `queries_project_hash_unique` ON `queries` (`project_id`,`normalized_hash`);--> statement-breakpoint
CREATE TABLE `responses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sample_id` integer NOT NULL,
	`sample_index` integer NOT NULL,
	`text` text NOT NULL,
	`llm_call_id` integer,
	`pass_rate` real,
	`score` real,
	`pipeline_status` text DEFAULT 'pending' NOT NULL,
	`drop_reason` text,
	`review_status` text DEFAULT 'unreviewed' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`sample_id`) REFERENCES `samples`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`llm_call_id`) REFERENCES `llm_calls`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_sample_index_unique` ON `responses` (`sample_id`,`sample_index`);--> statement-breakpoint
CREATE INDEX `responses_status_idx` ON `responses` (`pipeline_status`,`review_status`);--> statement-breakpoint
CREATE TABLE `reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`item_kind` text NOT NULL,
	`item_id` integer NOT NULL,
	`verdict` text NOT NULL,
	`reason` text,
	`reviewer` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reviews_item_idx` ON `reviews` (`item_kind`,`item_id`,`id`);--> statement-breakpoint
CREATE TABLE `samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instruction_id` integer NOT NULL,
	`query_id` integer NOT NULL,
	`run_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`instruction_id`) REFERENCES `instructions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`query_id`) REFERENCES `queries`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `samples_instruction_query_unique` ON `samples` (`instruction_id`,`query_id`);--> statement-breakpoint
CREATE TABLE `verifier_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`verifier_id` integer NOT NULL,
	`target_kind` text NOT NULL,
	`target_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`error` text,
	`duration_ms` real NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`verifier_id`) REFERENCES `verifiers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `verifier_results_unique` ON `verifier_results` (`verifier_id`,`target_kind`,`target_id`);--> statement-breakpoint
CREATE INDEX `verifier_results_target_idx` ON `verifier_results` (`target_kind`,`target_id`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`config` text NOT NULL,
	`config_hash` text NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `runs_project_idx` ON `runs` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `stage_progress` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`stage` text NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stage_progress_run_stage_unique` ON `stage_progress` (`run_id`,`stage`);--> statement-breakpoint
CREATE TABLE `exports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`kind` text NOT NULL,
	`format` text NOT NULL,
	`filters` text NOT NULL,
	`row_count` integer NOT NULL,
	`file_path` text,
	`file_sha256` text,
	`manifest` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `exports_project_idx` ON `exports` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `llm_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`run_id` integer,
	`request_hash` text NOT NULL,
	`role` text NOT NULL,
	`model` text NOT NULL,
	`endpoint` text NOT NULL,
	`request` text NOT NULL,
	`response` text,
	`status` text NOT NULL,
	`error` text,
	`tokens_in` integer,
	`tokens_out` integer,
	`latency_ms` integer,
	`cost_usd` real,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `llm_calls_project_hash_unique` ON `llm_calls` (`project_id`,`request_hash`);--> statement-breakpoint
CREATE INDEX `llm_calls_run_idx` ON `llm_calls` (`run_id`,`role`);