#!/bin/sh
#
# collect-snapshot.sh - export the describe-* JSON that vpcsim reads.
#
# usage: collect-snapshot.sh OUTDIR [--region REGION] [--profile PROFILE]
#
# Writes one JSON file per AWS CLI call into OUTDIR (created if needed), for
# one account and one region: the account and region of the profile, or the
# ones given.  --region and --profile are passed to every call.  Then check
# the result with:  vpcsim validate --snapshot OUTDIR
#
# Only the AWS CLI is needed (version 1 or 2), plus the POSIX shell tools.
# Paged results are merged by the CLI itself (its default automatic
# pagination), so each file holds every page.  Every call is read-only; the
# IAM permissions needed are ec2:Describe*, ec2:GetManagedPrefixListEntries
# and ec2:SearchTransitGatewayRoutes (see docs/snapshot.md).
#
# A call that fails (no permission, a CLI too old to know the command) is
# reported on stderr and skipped; the others still run.  Exit status: 0 all
# calls succeeded, 1 some failed (the folder is usable but incomplete),
# 2 usage error or OUTDIR cannot be created.

prog=collect-snapshot.sh

usage() {
	echo "usage: $prog OUTDIR [--region REGION] [--profile PROFILE]" >&2
	exit 2
}

out=
region=
profile=
while [ $# -gt 0 ]; do
	case $1 in
	--region)
		[ $# -ge 2 ] || usage
		region=$2
		shift 2
		;;
	--region=*)
		region=${1#--region=}
		shift
		;;
	--profile)
		[ $# -ge 2 ] || usage
		profile=$2
		shift 2
		;;
	--profile=*)
		profile=${1#--profile=}
		shift
		;;
	-h | --help)
		echo "usage: $prog OUTDIR [--region REGION] [--profile PROFILE]"
		exit 0
		;;
	-*)
		echo "$prog: unknown option '$1'" >&2
		usage
		;;
	*)
		[ -z "$out" ] || usage
		out=$1
		shift
		;;
	esac
done
[ -n "$out" ] || usage

if ! command -v aws >/dev/null 2>&1; then
	echo "$prog: the AWS CLI ('aws') is not on PATH" >&2
	exit 2
fi
if ! mkdir -p "$out"; then
	echo "$prog: cannot create $out" >&2
	exit 2
fi

# No pager, whatever the CLI's configuration says; ids never need globbing.
AWS_PAGER=
export AWS_PAGER
set -f

written=0
failed=0

# ec2 ARGS...: one `aws ec2` call with the pass-through options.
ec2() {
	aws ec2 "$@" ${region:+--region "$region"} ${profile:+--profile "$profile"}
}

# save NAME ARGS...: `aws ec2 ARGS --output json` into OUTDIR/NAME.json.
# The file appears only when the call succeeds.
save() {
	name=$1
	shift
	if ec2 "$@" --output json >"$out/$name.json.part"; then
		mv "$out/$name.json.part" "$out/$name.json"
		written=$((written + 1))
		return 0
	fi
	rm -f "$out/$name.json.part"
	echo "$prog: 'aws ec2 $1' failed; $name.json not written" >&2
	failed=$((failed + 1))
	return 1
}

# ids LISTKEY IDKEY ARGS...: the ids a describe call lists, as words.
ids() {
	key=$1
	idkey=$2
	shift 2
	ec2 "$@" --query "${key}[].${idkey}" --output text
}

# no_ids CALL: report that the ids of CALL could not be listed.
no_ids() {
	echo "$prog: 'aws ec2 $1 --query ...' failed; what it lists was not" \
	    "collected" >&2
	failed=$((failed + 1))
}

# add_key FILE KEY VALUE: put "KEY": "VALUE" first in the object the CLI
# printed (its first line is "{"), so the file names what it belongs to
# even if it is renamed.  The file name carries the id too.
add_key() {
	if [ "$(sed -n 1p "$1")" = "{" ]; then
		sed "1a\\
    \"$2\": \"$3\"," "$1" >"$1.part" && mv "$1.part" "$1"
	fi
}

save vpcs describe-vpcs
save subnets describe-subnets
save network-interfaces describe-network-interfaces
save instances describe-instances
save security-groups describe-security-groups
save security-group-rules describe-security-group-rules
save network-acls describe-network-acls
save route-tables describe-route-tables
save internet-gateways describe-internet-gateways
save egress-only-internet-gateways describe-egress-only-internet-gateways
save nat-gateways describe-nat-gateways
save vpc-peering-connections describe-vpc-peering-connections
save prefix-lists describe-prefix-lists
save vpc-endpoints describe-vpc-endpoints
save transit-gateways describe-transit-gateways
save transit-gateway-attachments describe-transit-gateway-attachments
save transit-gateway-vpc-attachments describe-transit-gateway-vpc-attachments
save vpc-block-public-access-options describe-vpc-block-public-access-options
save vpc-block-public-access-exclusions \
    describe-vpc-block-public-access-exclusions

# Managed prefix lists, and the entries of each (its own call per list).
if save managed-prefix-lists describe-managed-prefix-lists; then
	if pls=$(ids PrefixLists PrefixListId describe-managed-prefix-lists); then
		for pl in $pls; do
			case $pl in
			pl-*) ;;
			*) continue ;;
			esac
			f=prefix-list-entries-$pl
			if save "$f" get-managed-prefix-list-entries \
			    --prefix-list-id "$pl"; then
				add_key "$out/$f.json" PrefixListId "$pl"
			fi
		done
	else
		no_ids describe-managed-prefix-lists
	fi
fi

# Transit gateway route tables, and the routes of each.  There is no
# describe call for these routes: search-transit-gateway-routes returns at
# most 1000 per call and says so with "AdditionalRoutesAvailable": true.
if save transit-gateway-route-tables describe-transit-gateway-route-tables
then
	if rtbs=$(ids TransitGatewayRouteTables TransitGatewayRouteTableId \
	    describe-transit-gateway-route-tables); then
		for rtb in $rtbs; do
			case $rtb in
			tgw-rtb-*) ;;
			*) continue ;;
			esac
			f=transit-gateway-routes-$rtb
			if save "$f" search-transit-gateway-routes \
			    --transit-gateway-route-table-id "$rtb" \
			    --filters Name=state,Values=active,blackhole; then
				add_key "$out/$f.json" \
				    TransitGatewayRouteTableId "$rtb"
				if grep -q '"AdditionalRoutesAvailable": *true' \
				    "$out/$f.json"; then
					echo "$prog: $rtb has more routes than" \
					    "one call returns; $f.json is" \
					    "incomplete (see docs/snapshot.md)" >&2
					failed=$((failed + 1))
				fi
			fi
		done
	else
		no_ids describe-transit-gateway-route-tables
	fi
fi

echo "$prog: $written files written to $out, $failed problems" >&2
if [ "$failed" -gt 0 ]; then
	exit 1
fi
exit 0
