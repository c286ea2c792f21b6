ALTER TABLE `runs` ADD `warning` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `summary` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `scripted_endpoint` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `stage_progress` ADD `status` text;--> statement-breakpoint
ALTER TABLE `stage_progress` ADD `started_at` integer;