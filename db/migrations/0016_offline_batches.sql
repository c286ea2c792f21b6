CREATE TABLE `batch_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`model` text NOT NULL,
	`lines` integer NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`api_base_url` text,
	`api_input_file_id` text,
	`api_batch_id` text,
	`api_status` text,
	`imported_at` integer,
	FOREIGN KEY (`job_id`) REFERENCES `batch_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batch_files_job_name_unique` ON `batch_files` (`job_id`,`name`);--> statement-breakpoint
CREATE TABLE `batch_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`stage` text NOT NULL,
	`state` text DEFAULT 'waiting' NOT NULL,
	`dir` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `batch_jobs_run_idx` ON `batch_jobs` (`run_id`,`id`);--> statement-breakpoint
CREATE TABLE `batch_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`file_id` integer NOT NULL,
	`project_id` integer NOT NULL,
	`line` integer NOT NULL,
	`custom_id` text NOT NULL,
	`role` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'waiting' NOT NULL,
	`llm_call_id` integer,
	FOREIGN KEY (`job_id`) REFERENCES `batch_jobs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`file_id`) REFERENCES `batch_files`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`llm_call_id`) REFERENCES `llm_calls`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batch_requests_job_custom_unique` ON `batch_requests` (`job_id`,`custom_id`);--> statement-breakpoint
CREATE INDEX `batch_requests_project_custom_idx` ON `batch_requests` (`project_id`,`custom_id`);--> statement-breakpoint
ALTER TABLE `runs` ADD `batch_stages` text;