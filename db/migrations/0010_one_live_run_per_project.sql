-- A database from before this index may hold several live runs of one project (two processes
-- could both create one). Keep the newest live; fail the others with a reason, so the index can be made.
UPDATE `runs` SET `state` = 'failed', `lease_owner` = NULL, `lease_expires_at` = NULL,
  `error` = 'Failed at upgrade: another run of this project was live at the same time (only one may be).'
WHERE `state` IN ('queued', 'running', 'stopping')
  AND `id` NOT IN (SELECT max(`id`) FROM `runs` WHERE `state` IN ('queued', 'running', 'stopping') GROUP BY `project_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `runs_one_live_per_project` ON `runs` (`project_id`) WHERE state in ('queued', 'running', 'stopping');