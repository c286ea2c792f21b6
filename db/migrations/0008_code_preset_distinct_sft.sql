-- The `code` preset gained execute.distinctTexts = true (code/7_query_vertification.py l.81 keeps a
-- set of SFT rows). Projects on that preset take it; run snapshots keep what they ran with.
UPDATE `projects` SET `config` = json_set(`config`, '$.execute.distinctTexts', json('true')) WHERE `preset` = 'code' AND json_type(`config`, '$.execute') = 'object';
