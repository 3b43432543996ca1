-- Storeroom schema 7: an object's dimensions as written ("frame: 795 x 1660 x 112 mm; support, each: 241 x 203 mm"),
-- beside its height, width and depth; an import keeps here what those cannot say.
-- (Numbered after the migrations of other branches: 4 devices, 5 effects, 6 evacuations.)

ALTER TABLE objects ADD COLUMN dimension_summary TEXT NOT NULL DEFAULT '';
