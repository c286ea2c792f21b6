CREATE TABLE `failed_units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`stage` text NOT NULL,
	`unit_key` text NOT NULL,
	`llm_call_id` integer,
	`error` text NOT NULL,
	`raw` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `failed_units_run_unit_unique` ON `failed_units` (`run_id`,`unit_key`);--> statement-breakpoint
ALTER TABLE `instructions` ADD `pipeline_stage` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `from_stage` text DEFAULT 'augment' NOT NULL;--> statement-breakpoint
ALTER TABLE `runs` ADD `to_stage` text DEFAULT 'back-translate' NOT NULL;