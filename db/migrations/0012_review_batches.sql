ALTER TABLE `reviews` ADD `batch_id` text;--> statement-breakpoint
ALTER TABLE `reviews` ADD `previous_status` text;--> statement-breakpoint
ALTER TABLE `reviews` ADD `undoes_batch_id` text;--> statement-breakpoint
CREATE INDEX `reviews_batch_idx` ON `reviews` (`batch_id`);