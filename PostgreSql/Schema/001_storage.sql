-- Schema version 1: grain state for Orleans' ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet).
--
-- Orleans finds its SQL by key in OrleansQuery; the table and column names are fixed by Orleans
-- (it runs "SELECT QueryKey, QueryText FROM OrleansQuery", which PostgreSQL folds to lower case).
-- Everything behind those queries is ours.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) PRIMARY KEY,
    QueryText text NOT NULL
);

-- One row per grain state. The payload is jsonb so an operator can read a view's state with plain SQL,
-- e.g. SELECT payload FROM grain_state WHERE grain_key_string = 'orders-by-country';
-- it is written only by ActorViews' SystemTextJsonGrainStorageSerializer (UTF-8 JSON).
CREATE TABLE grain_state
(
    service_id       text        NOT NULL,
    -- The state name Orleans passes to the provider (the grain class for Grain<T>, the state name for IPersistentState<T>).
    grain_type       text        NOT NULL,
    -- Orleans splits a grain key into two longs (Guid and integer keys) and a string (string keys, or the key extension).
    grain_key_n0     bigint      NOT NULL,
    grain_key_n1     bigint      NOT NULL,
    -- '' when the key has neither a string part nor an extension: a NOT NULL column keeps the key a plain,
    -- indexable primary key (Orleans does not produce an empty key extension).
    grain_key_string text        NOT NULL,
    -- NULL after ClearStateAsync: the row stays as a tombstone so the version keeps rising and a stale writer
    -- that still believes "no row" cannot resurrect the state.
    payload          jsonb,
    version          integer     NOT NULL,
    modified_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_key_string, grain_key_n0, grain_key_n1)
);

-- Turns the serializer's bytes into jsonb. Anything that is not UTF-8 JSON (Orleans' binary serializer, a
-- misconfigured provider) is refused with a message naming the cause instead of being stored half-readable.
CREATE FUNCTION grain_state_payload_to_jsonb(payload bytea) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF payload IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN convert_from(payload, 'UTF8')::jsonb;
EXCEPTION WHEN data_exception THEN
    RAISE EXCEPTION 'grain state payload is not UTF-8 JSON: %', SQLERRM
        USING ERRCODE = 'invalid_parameter_value',
              HINT = 'grain_state keeps JSON only: configure the grain storage with ActorViews'' SystemTextJsonGrainStorageSerializer.';
END;
$$;

-- Optimistic concurrency as Orleans expects it: the caller sends the version it last saw (NULL = "no row yet")
-- and gets back the new version on success. On a conflict it gets back exactly what it sent, which Orleans
-- turns into an InconsistentStateException.
CREATE FUNCTION write_grain_state(
    p_service_id       text,
    p_grain_type       text,
    p_grain_key_n0     bigint,
    p_grain_key_n1     bigint,
    p_grain_key_string text,
    p_expected_version integer,
    p_payload          bytea) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    document    jsonb := grain_state_payload_to_jsonb(p_payload);
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- Two activations racing to create the same state: the primary key lets exactly one win.
        INSERT INTO grain_state (service_id, grain_type, grain_key_n0, grain_key_n1, grain_key_string, payload, version)
        VALUES (p_service_id, p_grain_type, p_grain_key_n0, p_grain_key_n1, p_grain_key_string, document, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO new_version;
    ELSE
        UPDATE grain_state
        SET payload = document, version = version + 1, modified_at = now()
        WHERE service_id = p_service_id
          AND grain_type = p_grain_type
          AND grain_key_string = p_grain_key_string
          AND grain_key_n0 = p_grain_key_n0
          AND grain_key_n1 = p_grain_key_n1
          AND version = p_expected_version
        RETURNING version INTO new_version;
    END IF;
    RETURN coalesce(new_version, p_expected_version);
END;
$$;

-- Orleans binds these parameters by name; the hashes it also sends (@GrainIdHash, @GrainTypeHash) are not
-- needed because the primary key already indexes the full identity.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT convert_to(payload::text, 'UTF8') AS "PayloadBinary", version AS "Version"
    FROM grain_state
    WHERE service_id = @ServiceId
      AND grain_type = @GrainTypeString
      AND grain_key_string = coalesce(@GrainIdExtensionString, '')
      AND grain_key_n0 = @GrainIdN0
      AND grain_key_n1 = @GrainIdN1
$q$),
('WriteToStorageKey', $q$
    SELECT write_grain_state(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
                             coalesce(@GrainIdExtensionString, ''), @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion"
$q$),
-- Always one row: the new version, or the caller's version back when it was stale.
('ClearStorageKey', $q$
    WITH cleared AS (
        UPDATE grain_state
        SET payload = NULL, version = version + 1, modified_at = now()
        WHERE service_id = @ServiceId
          AND grain_type = @GrainTypeString
          AND grain_key_string = coalesce(@GrainIdExtensionString, '')
          AND grain_key_n0 = @GrainIdN0
          AND grain_key_n1 = @GrainIdN1
          AND version = @GrainStateVersion
        RETURNING version)
    SELECT coalesce((SELECT version FROM cleared), @GrainStateVersion) AS "NewGrainStateVersion"
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
