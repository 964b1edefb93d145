-- Schema version 2: the membership table of Orleans' ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet).
--
-- Orleans' membership protocol needs one version number per cluster (deployment) that every change to any
-- member row bumps atomically, compared against the version the silo last read (its etag). The version row
-- is therefore also the lock that serializes membership writers of one cluster.

CREATE TABLE silo_membership_version
(
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE silo_membership
(
    deployment_id   text        NOT NULL REFERENCES silo_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    -- Orleans' SiloStatus: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    -- Orleans' own encoding of the suspicion votes ("silo,time|silo,time"); only Orleans reads it.
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Locks the cluster's version row if the caller's etag is still current. Every membership change goes
-- through here first, so a concurrent writer waits on the row lock and then re-checks the version it was given.
CREATE FUNCTION claim_membership_version(p_deployment_id text, p_version integer) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM silo_membership_version
    WHERE deployment_id = p_deployment_id AND version = p_version
    FOR UPDATE;
    RETURN FOUND;
END;
$$;

-- Publishes a change. Callers bump only when their row change happened (CASE, unlike AND, guarantees the
-- function is not evaluated otherwise); with nothing changed the version stays and the lock ends with the transaction.
CREATE FUNCTION bump_membership_version(p_deployment_id text) RETURNS boolean
LANGUAGE sql AS $$
    UPDATE silo_membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id
    RETURNING true;
$$;

-- Adds a silo only if the caller's etag is still the cluster's version; both changes commit together or not at all.
CREATE FUNCTION insert_silo_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT claim_membership_version(p_deployment_id, p_version) THEN
        RETURN false;
    END IF;
    INSERT INTO silo_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                 proxy_port, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
            p_proxy_port, p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    RETURN CASE WHEN FOUND THEN bump_membership_version(p_deployment_id) ELSE false END;
END;
$$;

-- Changes a silo's status and suspicion votes under the same etag rule.
CREATE FUNCTION update_silo_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT claim_membership_version(p_deployment_id, p_version) THEN
        RETURN false;
    END IF;
    UPDATE silo_membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
    RETURN CASE WHEN FOUND THEN bump_membership_version(p_deployment_id) ELSE false END;
END;
$$;

-- The cluster's version joined to its members (all of them, or the one silo given), so that a cluster with
-- no matching member still returns its version, as Orleans requires. Column names are the ones Orleans reads.
CREATE FUNCTION read_silo_membership(p_deployment_id text, p_address text, p_port integer, p_generation integer)
RETURNS TABLE ("Version" integer, "Address" text, "Port" integer, "Generation" integer, "SiloName" text,
               "HostName" text, "Status" integer, "ProxyPort" integer, "SuspectTimes" text,
               "StartTime" timestamptz, "IAmAliveTime" timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT v.version, m.address, m.port, m.generation, m.silo_name, m.host_name, m.status,
           m.proxy_port, m.suspect_times, m.start_time, m.i_am_alive_time
    FROM silo_membership_version v
    LEFT JOIN silo_membership m ON m.deployment_id = v.deployment_id
         AND (p_address IS NULL OR (m.address = p_address AND m.port = p_port AND m.generation = p_generation))
    WHERE v.deployment_id = p_deployment_id;
$$;

-- Result columns carry the names Orleans reads (it matches them case-insensitively).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH created AS (
        INSERT INTO silo_membership_version (deployment_id) VALUES (@DeploymentId)
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM created)
$q$),
('InsertMembershipKey', $q$
    SELECT insert_silo_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
                                  @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),
('UpdateMembershipKey', $q$
    SELECT update_silo_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                  @IAmAliveTime, @Version)
$q$),
-- Heartbeats are not membership changes: they must not bump the version, or every heartbeat would
-- invalidate every other silo's etag.
('UpdateIAmAlivetimeKey', $q$
    UPDATE silo_membership SET i_am_alive_time = @IAmAliveTime
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
('MembershipReadAllKey', $q$
    SELECT * FROM read_silo_membership(@DeploymentId, NULL, NULL, NULL)
$q$),
('MembershipReadRowKey', $q$
    SELECT * FROM read_silo_membership(@DeploymentId, @Address, @Port, @Generation)
$q$),
('GatewaysQueryKey', $q$
    SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
    FROM silo_membership
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM silo_membership_version WHERE deployment_id = @DeploymentId
$q$),
-- Bulk form kept because Orleans requires the key; Orleans 10 prefers the per-row form below.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM silo_membership
    WHERE deployment_id = @DeploymentId AND status = 6 AND i_am_alive_time < @IAmAliveTime
$q$),
-- Orleans decides in .NET which dead rows are old enough and passes back the values it read; the row is
-- deleted only if nothing changed since, so a silo that came back to life is never removed.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM silo_membership
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
      AND status = 6
      AND start_time = @StartTime
      AND i_am_alive_time = @IAmAliveTime
      AND suspect_times IS NOT DISTINCT FROM @SuspectTimes
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
