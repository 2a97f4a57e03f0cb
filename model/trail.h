/*
 * trail.h - CloudTrail events replayed as a change list.
 *
 * DOC: a change file may be a CloudTrail record file ({"Records": [...]},
 * the layout CloudTrail writes to S3) or the output of `aws cloudtrail
 * lookup-events` ({"Events": [{"CloudTrailEvent": "<JSON text>"}, ...]}).
 * vs_trail_changes() turns it into the change list vs_change_apply()
 * takes: the EC2 events that succeeded, in eventTime order (ties in file
 * order), each requestParameters rewritten from CloudTrail's spelling
 * (lowerCamel keys, lists as {"items": [...]}, {} for an absent value,
 * aclProtocol, groups, groupSet, groupDescription, the legacy flat form of
 * the security-group calls, the <Operation>Request wrapper of newer calls)
 * into the AWS CLI input shape, with the ids CreateSecurityGroup and
 * CreateNetworkAcl were given (from responseElements) so later events can
 * name them.  Skipped: events of other services, read-only events
 * (Describe*, Get*, List*, "readOnly": true) and failed calls (errorCode).
 * An EC2 event that may change the network but is not one vpcsim replays
 * is an error: a partial replay would answer for a network that never
 * existed.
 */
#ifndef VS_TRAIL_H
#define VS_TRAIL_H

#include <stdbool.h>

struct cJSON;
struct vs_diags;

/* Does this parsed change file look like CloudTrail (Records or Events)? */
bool vs_trail_is(const struct cJSON *root);

struct vs_trail_stats {
	unsigned events;    /* records in the file */
	unsigned replayed;  /* turned into changes */
	unsigned failed;    /* skipped: errorCode */
	unsigned read_only; /* skipped: read-only calls */
	unsigned other;     /* skipped: not ec2.amazonaws.com */
};

/*
 * The change list (a new cJSON array the caller frees) for the CloudTrail
 * document root read from file, or NULL after adding errors to d (file
 * names where they are).  st may be NULL.
 */
struct cJSON *vs_trail_changes(const struct cJSON *root, const char *file,
    struct vs_diags *d, struct vs_trail_stats *st);

#endif
