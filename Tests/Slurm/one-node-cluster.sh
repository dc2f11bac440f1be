#!/usr/bin/env bash
# A private one-node Slurm cluster on this machine, for the sweep test:
#   one-node-cluster.sh start DIR   writes DIR/slurm.conf, starts munged (if
#                                   none runs), slurmctld and slurmd; prints
#                                   the SLURM_CONF to use; exits 1 with the
#                                   reason when Slurm cannot start here.
#   one-node-cluster.sh stop DIR    stops the daemons it started, munged
#                                   included, so nothing outlives the test.
# Needs root and Debian's slurm-wlm and munge (.ci/run installs them). Its own
# ports and state folder, so it never touches a cluster the machine may have.
# Every wait is bounded (start gives up after 30 s) and every daemon starts
# with nothing but /dev/null open, so its caller never waits on a daemon.
set -u
cmd=${1:?start or stop}; dir=${2:?state folder}
conf="$dir/slurm.conf"
stop() {
    local pids=""
    for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid"; do
        [ -f "$f" ] && pids="$pids $(cat "$f")"
    done
    # Daemons whose pid file never landed are found by their private conf.
    pids="$pids $(pgrep -f -- "-f $conf" 2>/dev/null | tr '\n' ' ')"
    pids=$(echo $pids)
    rm -f "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munged.pid"
    [ -n "$pids" ] || return 0
    kill $pids 2>/dev/null
    # slurmd may not stop on SIGTERM once its controller is gone: give it 5 s, then SIGKILL.
    for _ in $(seq 20); do kill -0 $pids 2>/dev/null || return 0; sleep 0.25; done
    kill -9 $pids 2>/dev/null
    return 0
}
if [ "$cmd" = stop ]; then stop; exit 0; fi
# Runs a daemon with only /dev/null open. A daemon that kept a descriptor this
# script inherited would hold its caller: Foundation's Process learns that a
# child ended from the end of a socket the child inherits, so a waiting test
# would never see this script end.
detached() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            [ "$fd" -gt 2 ] && eval "exec $fd>&-"
        done 2>/dev/null
        exec "$@" </dev/null >/dev/null 2>&1
    )
}
fail() { echo "$*" >&2; stop; exit 1; }
[ "$(id -u)" = 0 ] || fail "not root (slurmd runs jobs as root here)"
for b in munged slurmctld slurmd sbatch sinfo; do
    command -v "$b" >/dev/null || [ -x "/usr/sbin/$b" ] || fail "no $b (apt-get install slurm-wlm munge)"
done
mkdir -p "$dir/state" "$dir/spool" || fail "cannot create $dir"
if ! munge -n >/dev/null 2>&1; then
    mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
    [ -f /etc/munge/munge.key ] || fail "no /etc/munge/munge.key"
    detached timeout 10 runuser -u munge -- /usr/sbin/munged || fail "munged does not start"
    # Ours to stop: a munged left running would outlive the test run.
    for _ in $(seq 20); do [ -s /run/munge/munged.pid ] && break; sleep 0.25; done
    cp /run/munge/munged.pid "$dir/munged.pid" 2>/dev/null
    for _ in $(seq 20); do timeout 5 munge -n >/dev/null 2>&1 && break; sleep 0.25; done
    timeout 5 munge -n >/dev/null 2>&1 || fail "munged does not answer"
fi
host=$(hostname -s)
# Ports from the folder's name, so two test runs at once do not collide.
base=$(( 20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000 ))
cat > "$conf" <<CONF
ClusterName=plannertest
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$base
SlurmdPort=$((base + 1))
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
detached timeout 20 /usr/sbin/slurmctld -f "$conf" || fail "slurmctld does not start (see $dir/slurmctld.log)"
detached timeout 20 /usr/sbin/slurmd -f "$conf" || fail "slurmd does not start (see $dir/slurmd.log)"
SECONDS=0
while [ $SECONDS -lt 30 ]; do
    timeout 5 sinfo -h -o %t 2>/dev/null | grep -qx idle && { echo "$conf"; exit 0; }
    sleep 0.5
done
fail "the node did not come up idle in 30 s (see $dir/slurmd.log)"
