-- The `code` preset gained the reference scripts' pair rule (pairs.draw = "each-side",
-- pairs.distinctTexts = true) and score regex (score.parser = "reference"). Projects on that preset
-- take them; run snapshots keep what they ran with (the knobs' defaults are the old reading).
UPDATE `projects` SET `config` = json_set(`config`, '$.pairs.draw', 'each-side', '$.pairs.distinctTexts', json('true')) WHERE `preset` = 'code' AND json_type(`config`, '$.pairs') = 'object';
--> statement-breakpoint
UPDATE `projects` SET `config` = json_set(`config`, '$.score.parser', 'reference') WHERE `preset` = 'code' AND json_type(`config`, '$.score') = 'object';
