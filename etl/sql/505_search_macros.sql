-- The app's name search, one rule for buyers and suppliers (dashboard/sql/*_by_text.sql): an id
-- that starts with the text (spaces ignored), or a name with words that start with it, counting
-- neither case, accents nor punctuation (« lyon » finds « Ville de Lyon », « colas » finds COLAS and
-- not NICOLAS, « Orée d'Anjou » finds « Commune d'Orée-d'Anjou »). No wildcard is read as one.
CREATE MACRO search_words(text) AS
    ' ' || trim(lower(regexp_replace(strip_accents(text), '[^[:alnum:]]+', ' ', 'g')));

CREATE MACRO matches_search(id, name, text) AS
    starts_with(id, regexp_replace(text, '\s', '', 'g'))
    OR contains(search_words(name), search_words(text));
