CREATE TABLE `reward_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`origin` text NOT NULL,
	`status` integer NOT NULL,
	`items` integer NOT NULL,
	`labels` integer NOT NULL,
	`unscored` integer NOT NULL,
	`unknown_labels` integer NOT NULL,
	`held_out` integer NOT NULL,
	`evaluations` integer NOT NULL,
	`verifier_errors` integer NOT NULL,
	`mean_reward` real,
	`duration_ms` real NOT NULL,
	`message` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reward_requests_project_idx` ON `reward_requests` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `splits` (
	`project_id` integer PRIMARY KEY NOT NULL,
	`seed` integer NOT NULL,
	`test_fraction` real NOT NULL,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
