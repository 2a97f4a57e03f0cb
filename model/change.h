/*
 * change.h - EC2 API actions applied to a topology: the what-if engine.
 *
 * DOC: a change list is what a change ticket will do, written as the AWS
 * CLI's --cli-input-json input of each call: a list of one-key maps, the
 * key an EC2 action (RevokeSecurityGroupIngress, CreateRoute, ...), the
 * value its parameters in PascalCase.  vs_change_apply() applies them in
 * order to an unfinished topology (a vs_topo_clone of the snapshot) and
 * checks each as AWS would: a change AWS would refuse (revoking a rule that
 * does not exist in a non-default VPC, a duplicate network ACL rule
 * number, an id that does not exist, deleting a group still in use) is an
 * error naming the change, its position and the AWS error code, and
 * nothing after it is applied.  Objects a change creates get the id the
 * change names in a vpcsim extension key (NetworkAclId for
 * CreateNetworkAcl, GroupId for CreateSecurityGroup), else a generated
 * one.  docs/scenarios.md lists every action and its parameters.
 */
#ifndef VS_CHANGE_H
#define VS_CHANGE_H

struct cJSON;
struct vs_diags;
struct vs_src;
struct vs_topo;

/*
 * Apply the change list `list` (a JSON array; path is its JSON pointer in
 * the source, e.g. "/changes") to t, which must be unfinished; the caller
 * finishes it afterwards.  Returns the number of changes applied, or -1
 * after adding an error to d.
 */
int vs_change_apply(struct vs_topo *t, const struct cJSON *list,
    const char *path, const struct vs_src *src, struct vs_diags *d);

/* Names of the supported actions, NULL-terminated (for docs and help). */
extern const char *const vs_change_actions[];

#endif
