-- The UI in English and Ukrainian (issue 17): each user's preferred language, and the Ukrainian
-- names of the catalogue. Frozen once landed: change the schema with a new migration.

-- One row per user who chose something; closed to the application role like the other account
-- tables (migration 0009): the preference service uses the owner's rights.
CREATE TABLE user_preference (
  user_id    uuid PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
  locale     text CHECK (locale IN ('en', 'uk')),
  updated_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON user_preference FROM aidgrid_app;

-- Ukrainian names beside the English ones; NULL where none is known yet (the UI then shows `name`).
ALTER TABLE region ADD COLUMN name_uk text CHECK (length(name_uk) BETWEEN 1 AND 200);
ALTER TABLE item ADD COLUMN name_uk text CHECK (length(name_uk) BETWEEN 1 AND 200);

-- The item categories (`military/air-defence`) named in both languages. A category without a row
-- is shown by its code.
CREATE TABLE item_category (
  code    text PRIMARY KEY CHECK (code ~ '^[a-z0-9-]+(/[a-z0-9-]+)*$'),
  name    text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_uk text NOT NULL CHECK (length(name_uk) BETWEEN 1 AND 200)
);
-- Read-only for the application: the categories change with a migration.
REVOKE INSERT, UPDATE, DELETE ON item_category FROM aidgrid_app;

INSERT INTO item_category (code, name, name_uk) VALUES
  ('military', 'Military', 'Військове'),
  ('military/air-defence', 'Air defence', 'Протиповітряна оборона'),
  ('military/ammunition', 'Ammunition', 'Боєприпаси'),
  ('military/artillery', 'Artillery', 'Артилерія'),
  ('military/armour', 'Armour', 'Бронетехніка'),
  ('non-lethal', 'Non-lethal', 'Нелетальне'),
  ('non-lethal/fuel', 'Fuel', 'Пальне'),
  ('non-lethal/medical', 'Medical', 'Медичне'),
  ('non-lethal/winter', 'Winter equipment', 'Зимове спорядження'),
  ('non-lethal/protection', 'Protection', 'Засоби захисту'),
  ('non-lethal/water', 'Water', 'Водопостачання'),
  ('energy', 'Energy', 'Енергетика'),
  ('energy/generator', 'Generators', 'Генератори'),
  ('energy/transformer', 'Transformers', 'Трансформатори'),
  ('energy/grid', 'Grid equipment', 'Мережеве обладнання'),
  ('energy/heating', 'Heating', 'Теплопостачання');

-- The official Ukrainian names of the first-level units (ISO 3166-2:UA), by code: rows already
-- stored get theirs; the catalogue and the demo give them to new rows.
UPDATE region SET name_uk = names.name_uk
FROM (VALUES
  ('UA-05', 'Вінницька область'), ('UA-07', 'Волинська область'),
  ('UA-09', 'Луганська область'), ('UA-12', 'Дніпропетровська область'),
  ('UA-14', 'Донецька область'), ('UA-18', 'Житомирська область'),
  ('UA-21', 'Закарпатська область'), ('UA-23', 'Запорізька область'),
  ('UA-26', 'Івано-Франківська область'), ('UA-30', 'Київ'),
  ('UA-32', 'Київська область'), ('UA-35', 'Кіровоградська область'),
  ('UA-40', 'Севастополь'), ('UA-43', 'Автономна Республіка Крим'),
  ('UA-46', 'Львівська область'), ('UA-48', 'Миколаївська область'),
  ('UA-51', 'Одеська область'), ('UA-53', 'Полтавська область'),
  ('UA-56', 'Рівненська область'), ('UA-59', 'Сумська область'),
  ('UA-61', 'Тернопільська область'), ('UA-63', 'Харківська область'),
  ('UA-65', 'Херсонська область'), ('UA-68', 'Хмельницька область'),
  ('UA-71', 'Черкаська область'), ('UA-74', 'Чернігівська область'),
  ('UA-77', 'Чернівецька область')
) AS names (code, name_uk)
WHERE region.code = names.code AND region.name_uk IS NULL;
