CREATE TABLE `project_counters` (
	`project_id` integer NOT NULL,
	`kind` text NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`project_id`, `kind`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `seed_instructions` ADD `number` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `seed_instructions_project_number_unique` ON `seed_instructions` (`project_id`,`number`);--> statement-breakpoint
ALTER TABLE `instructions` ADD `number` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `instructions_project_number_unique` ON `instructions` (`project_id`,`number`);--> statement-breakpoint
ALTER TABLE `preference_pairs` ADD `number` integer;--> statement-breakpoint
ALTER TABLE `responses` ADD `number` integer;--> statement-breakpoint
UPDATE `seed_instructions` SET `number` = n.rn FROM (SELECT `id`, row_number() OVER (PARTITION BY `project_id` ORDER BY `id`) AS rn FROM `seed_instructions`) AS n WHERE n.`id` = `seed_instructions`.`id`;--> statement-breakpoint
UPDATE `instructions` SET `number` = n.rn FROM (SELECT `id`, row_number() OVER (PARTITION BY `project_id` ORDER BY `id`) AS rn FROM `instructions`) AS n WHERE n.`id` = `instructions`.`id`;--> statement-breakpoint
UPDATE `responses` SET `number` = n.rn FROM (SELECT r.`id`, row_number() OVER (PARTITION BY i.`project_id` ORDER BY r.`id`) AS rn FROM `responses` r JOIN `samples` s ON s.`id` = r.`sample_id` JOIN `instructions` i ON i.`id` = s.`instruction_id`) AS n WHERE n.`id` = `responses`.`id`;--> statement-breakpoint
UPDATE `preference_pairs` SET `number` = n.rn FROM (SELECT p.`id`, row_number() OVER (PARTITION BY i.`project_id` ORDER BY p.`id`) AS rn FROM `preference_pairs` p JOIN `samples` s ON s.`id` = p.`sample_id` JOIN `instructions` i ON i.`id` = s.`instruction_id`) AS n WHERE n.`id` = `preference_pairs`.`id`;--> statement-breakpoint
INSERT INTO `project_counters` (`project_id`, `kind`, `last`) SELECT `project_id`, 'seed', max(`number`) FROM `seed_instructions` GROUP BY `project_id`;--> statement-breakpoint
INSERT INTO `project_counters` (`project_id`, `kind`, `last`) SELECT `project_id`, 'instruction', max(`number`) FROM `instructions` GROUP BY `project_id`;--> statement-breakpoint
INSERT INTO `project_counters` (`project_id`, `kind`, `last`) SELECT i.`project_id`, 'response', max(r.`number`) FROM `responses` r JOIN `samples` s ON s.`id` = r.`sample_id` JOIN `instructions` i ON i.`id` = s.`instruction_id` GROUP BY i.`project_id`;--> statement-breakpoint
INSERT INTO `project_counters` (`project_id`, `kind`, `last`) SELECT i.`project_id`, 'pair', max(p.`number`) FROM `preference_pairs` p JOIN `samples` s ON s.`id` = p.`sample_id` JOIN `instructions` i ON i.`id` = s.`instruction_id` GROUP BY i.`project_id`;--> statement-breakpoint
CREATE TRIGGER `seed_instructions_number` AFTER INSERT ON `seed_instructions` WHEN NEW.`number` IS NULL BEGIN
  INSERT INTO `project_counters` (`project_id`, `kind`, `last`) VALUES (NEW.`project_id`, 'seed', 1) ON CONFLICT (`project_id`, `kind`) DO UPDATE SET `last` = `last` + 1;
  UPDATE `seed_instructions` SET `number` = (SELECT `last` FROM `project_counters` WHERE `project_id` = NEW.`project_id` AND `kind` = 'seed') WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `instructions_number` AFTER INSERT ON `instructions` WHEN NEW.`number` IS NULL BEGIN
  INSERT INTO `project_counters` (`project_id`, `kind`, `last`) VALUES (NEW.`project_id`, 'instruction', 1) ON CONFLICT (`project_id`, `kind`) DO UPDATE SET `last` = `last` + 1;
  UPDATE `instructions` SET `number` = (SELECT `last` FROM `project_counters` WHERE `project_id` = NEW.`project_id` AND `kind` = 'instruction') WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `responses_number` AFTER INSERT ON `responses` WHEN NEW.`number` IS NULL BEGIN
  INSERT INTO `project_counters` (`project_id`, `kind`, `last`) SELECT i.`project_id`, 'response', 1 FROM `samples` s JOIN `instructions` i ON i.`id` = s.`instruction_id` WHERE s.`id` = NEW.`sample_id` ON CONFLICT (`project_id`, `kind`) DO UPDATE SET `last` = `last` + 1;
  UPDATE `responses` SET `number` = (SELECT c.`last` FROM `samples` s JOIN `instructions` i ON i.`id` = s.`instruction_id` JOIN `project_counters` c ON c.`project_id` = i.`project_id` AND c.`kind` = 'response' WHERE s.`id` = NEW.`sample_id`) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `preference_pairs_number` AFTER INSERT ON `preference_pairs` WHEN NEW.`number` IS NULL BEGIN
  INSERT INTO `project_counters` (`project_id`, `kind`, `last`) SELECT i.`project_id`, 'pair', 1 FROM `samples` s JOIN `instructions` i ON i.`id` = s.`instruction_id` WHERE s.`id` = NEW.`sample_id` ON CONFLICT (`project_id`, `kind`) DO UPDATE SET `last` = `last` + 1;
  UPDATE `preference_pairs` SET `number` = (SELECT c.`last` FROM `samples` s JOIN `instructions` i ON i.`id` = s.`instruction_id` JOIN `project_counters` c ON c.`project_id` = i.`project_id` AND c.`kind` = 'pair' WHERE s.`id` = NEW.`sample_id`) WHERE `id` = NEW.`id`;
END;
