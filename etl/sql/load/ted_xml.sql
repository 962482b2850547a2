-- TED contract award notices, TED XML R2.0.9 and eForms, as the JSON lines etl/ted.py streams from
-- a run of notice files (one input each, $input_nos): one line per awarded contract of a lot, or per
-- lot not awarded, every value text as published. The rest is _ted_awards.sql's, as for the CSV.
CREATE TEMP TABLE ted_raw AS
SELECT *, NULL::VARCHAR AS award
FROM read_json(
    $path,
    format = 'newline_delimited',
    columns = {
        input_no: 'INTEGER', ord: 'BIGINT', source: 'VARCHAR', notice: 'VARCHAR', lot: 'VARCHAR',
        rank: 'INTEGER', buyer_id: 'VARCHAR', buyer_name: 'VARCHAR', buyer_country: 'VARCHAR',
        notice_country: 'VARCHAR', "procedure": 'VARCHAR', title: 'VARCHAR', cpv: 'VARCHAR',
        date: 'VARCHAR', published: 'VARCHAR', amount: 'VARCHAR', currency: 'VARCHAR', bids: 'VARCHAR',
        framework: 'BOOLEAN', grouped: 'BOOLEAN', subcontracted: 'BOOLEAN', concession: 'BOOLEAN',
        not_awarded: 'VARCHAR',
        winners: 'STRUCT(id VARCHAR, name VARCHAR, country VARCHAR, size VARCHAR)[]'
    },
    maximum_object_size = 268435456
);

-- include: _ted_awards
