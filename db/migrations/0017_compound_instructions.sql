CREATE TABLE `compound_constituents` (
	`compound_id` integer NOT NULL,
	`constituent_id` integer NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`compound_id`) REFERENCES `instructions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`constituent_id`) REFERENCES `instructions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `compound_constituents_unique` ON `compound_constituents` (`compound_id`,`constituent_id`);--> statement-breakpoint
CREATE INDEX `compound_constituents_constituent_idx` ON `compound_constituents` (`constituent_id`);--> statement-breakpoint
CREATE TABLE `constraint_pairs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` integer NOT NULL,
	`run_id` integer,
	`a_id` integer NOT NULL,
	`b_id` integer NOT NULL,
	`verdict` text NOT NULL,
	`evidence` text NOT NULL,
	`witness` text,
	`witness_source` text,
	`reason` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`llm_call_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`a_id`) REFERENCES `instructions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`b_id`) REFERENCES `instructions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`llm_call_id`) REFERENCES `llm_calls`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `constraint_pairs_unique` ON `constraint_pairs` (`project_id`,`a_id`,`b_id`);--> statement-breakpoint
ALTER TABLE `instructions` ADD `kind` text DEFAULT 'atomic' NOT NULL;--> statement-breakpoint
ALTER TABLE `instructions` ADD `constraint_count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `constraint_outcomes` text;
--> statement-breakpoint
-- Projects gain the compose knobs, off as in both presets; run snapshots keep what they ran with (no compose: nothing composed).
UPDATE `projects` SET `config` = json_set(`config`, '$.compose', json('{"enabled":false,"count":1000,"sizeWeights":"3,2,1","maxUsesPerInstruction":50,"groupSimilarity":0.6,"witnessAttempts":3,"passRate":"strict","seed":42}')) WHERE json_type(`config`, '$.compose') IS NULL AND json_type(`config`, '$.pairs') = 'object';
