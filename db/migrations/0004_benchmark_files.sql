CREATE TABLE `benchmark_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`name` text NOT NULL,
	`sha256` text NOT NULL,
	`text_field` text NOT NULL,
	`prompt_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `benchmark_files_project_sha_unique` ON `benchmark_files` (`project_id`,`sha256`);--> statement-breakpoint
CREATE TABLE `benchmark_prompts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`benchmark_id` integer NOT NULL,
	`line` integer NOT NULL,
	`text` text NOT NULL,
	FOREIGN KEY (`benchmark_id`) REFERENCES `benchmark_files`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `benchmark_prompts_benchmark_idx` ON `benchmark_prompts` (`benchmark_id`,`line`);